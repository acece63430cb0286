// Runs every package's tests (files named *.test.ts under packages/*/src and packages/*/test) with node's
// test runner and the tsx loader. Node 20 has no glob support in --test, so the files are collected here.
// Usage: node scripts/test.mjs [path-filter...]
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureWebBuilt } from './web-build.mjs';

const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.test.ts') || p.endsWith('.test.tsx')) files.push(p);
  }
}
for (const pkg of readdirSync('packages')) for (const sub of ['src', 'test']) {
  try { walk(join('packages', pkg, sub)); } catch { /* no such folder */ }
}
const chosen = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (chosen.length === 0) { console.error('no test files matched'); process.exit(1); }
// the browser tests serve packages/web/dist: build it once here, not in each test file (they run in parallel)
if (chosen.some((f) => f.startsWith(join('packages', 'web', 'test') + sep))) {
  try {
    if (ensureWebBuilt()) console.error('test: built the web UI (packages/web/dist)');
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...chosen.sort()], { stdio: 'inherit' });
process.exit(r.status ?? 1);
