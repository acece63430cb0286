// `npm start`: build the web UI when it is missing or older than its sources, then serve the platform on the
// embedded database (./data/kaohe unless KAOHE_DB / DATABASE_URL say otherwise), loading the demo province on
// first start and printing the demo accounts.
import { spawn } from 'node:child_process';
import { ensureWebBuilt, webBuildStale } from './web-build.mjs';

if (webBuildStale()) {
  console.error('kaohe: building the web UI 构建前端…');
  try { ensureWebBuilt(); } catch (e) { console.error(e.message); process.exit(1); }
}
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
