// The web UI's production build (packages/web/dist): whether it is stale, and a vite build when it is. Used by
// scripts/test.mjs (once per run, before the browser tests start in parallel) and packages/web/test/harness.ts (when a
// browser test is run on its own).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = resolve(import.meta.dirname, '..');
export const WEB = join(ROOT, 'packages', 'web');
export const DIST = join(WEB, 'dist');

/** The newest modification time under `path` (a file or a folder). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const n of readdirSync(path)) m = Math.max(m, newest(join(path, n)));
  return m;
}

/** true when dist is missing or not newer than the sources (src/, index.html, vite.config.ts). */
export function webBuildStale() {
  const index = join(DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const src = Math.max(newest(join(WEB, 'src')), newest(join(WEB, 'index.html')), newest(join(WEB, 'vite.config.ts')));
  return built <= src;
}

/** vite build when dist is stale; throws with vite's output when the build fails. @returns whether it built */
export function ensureWebBuilt() {
  if (!webBuildStale()) return false;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return true;
}
