// Fails when an installed package declares an `engines.node` range that excludes the Node version the README and
// package.json promise (the lowest version of the root `engines.node`, 20.19.0 today): cookie@2 (through Fastify) and
// nanoid@6 (through docx) asked for Node ≥ 22 while the project says ≥ 20.19. Fix by an npm `overrides` pin in the
// root package.json (cookie → 1.x, docx's nanoid → 5.x today), never by widening the promise silently.
// Usage: node scripts/engines.mjs [node-version]   (run by `npm test`)
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = fileURLToPath(new URL('..', import.meta.url));
const promised = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node;
const target = process.argv[2] ?? semver.minVersion(promised)?.version;
if (!target) {
  console.error(`engines: root package.json has no usable engines.node (${promised}) 根 package.json 未声明 engines.node`);
  process.exitCode = 1;
} else {
  const bad = [];
  let seen = 0;
  const visit = (dir) => {
    let j;
    try {
      j = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      return; // not a package (or a broken link): npm ls reports those
    }
    seen++;
    const range = j.engines?.node;
    if (typeof range === 'string' && range.trim() && (!semver.validRange(range) || !semver.satisfies(target, range))) {
      bad.push(`${relative(root, dir)} ${j.name}@${j.version} engines.node "${range}"`);
    }
    walk(join(dir, 'node_modules'));
  };
  const walk = (nm) => {
    if (!existsSync(nm)) return;
    for (const name of readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) for (const sub of readdirSync(join(nm, name))) visit(join(nm, name, sub));
      else visit(join(nm, name));
    }
  };
  walk(join(root, 'node_modules'));
  for (const p of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', p, 'node_modules'));
  if (bad.length) {
    console.error(`engines: ${bad.length} installed package(s) exclude Node ${target} (promised: "${promised}") 以下依赖不支持 Node ${target}:`);
    for (const b of bad) console.error('  ' + b);
    console.error('engines: pin a version that supports it with "overrides" in the root package.json 请在根 package.json 的 overrides 中固定兼容版本');
    process.exitCode = 1;
  } else {
    console.error(`engines: ${seen} installed packages all accept Node ${target} 全部依赖支持 Node ${target}`);
  }
}
