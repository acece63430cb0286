import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePack, type PackSource } from './load.ts';
import type { Pack } from './types.ts';
import './packs/checks.ts';

const BUILT_IN_DIR = fileURLToPath(new URL('./packs/', import.meta.url));

/** Ids of the packs shipped with Kaohe. */
export function builtInPackIds(): string[] {
  return readdirSync(BUILT_IN_DIR).filter((n) => statSync(join(BUILT_IN_DIR, n)).isDirectory()).sort();
}

const builtIns = new Map<string, Pack>();

/**
 * Loads a pack: a built-in one by id (`cn-apl-2021`, `it-road-fines`), or a bureau's own pack from a folder
 * (pack.yaml + one file per rule) or a single YAML/JSON file. No code is needed for a pack of templates.
 * @throws PackLoadError (every problem with its file and field) or Error for a missing path
 */
export function loadPack(idOrPath: string): Pack {
  const cached = builtIns.get(idOrPath);
  if (cached) return cached;
  const builtIn = /^[a-z0-9-]+$/.test(idOrPath) && existsSync(join(BUILT_IN_DIR, idOrPath, 'pack.yaml'));
  const path = builtIn ? join(BUILT_IN_DIR, idOrPath) : idOrPath;
  if (!existsSync(path)) throw new Error(`${idOrPath}: no such built-in pack or file (built-in: ${builtInPackIds().join(', ')})`);
  const files: PackSource[] = [];
  if (statSync(path).isDirectory()) {
    for (const n of readdirSync(path).sort()) {
      if (/\.(ya?ml|json)$/.test(n)) files.push({ path: join(path, n), text: readFileSync(join(path, n), 'utf8') });
    }
  } else files.push({ path, text: readFileSync(path, 'utf8') });
  const pack = parsePack(files);
  if (builtIn) builtIns.set(idOrPath, pack);
  return pack;
}
