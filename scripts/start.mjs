// `npm start`: build the web UI when it is missing or older than its sources, then serve the platform on the
// embedded database (./data/kaohe unless KAOHE_DB / DATABASE_URL say otherwise), loading the demo province on
// first start and printing the demo accounts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const web = 'packages/web';
const newest = (dir) => {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
};
const built = join(web, 'dist', 'index.html');
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest(join(web, 'src')), statSync(join(web, 'index.html')).mtimeMs)) {
  console.error('kaohe: building the web UI 构建前端…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@kaohe/web'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
