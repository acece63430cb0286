import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSet, selectIndicatorSet, type IndicatorSet } from './load.ts';

const BUILT_IN_DIR = fileURLToPath(new URL('./sets/', import.meta.url));
const cache = new Map<string, IndicatorSet>();

/** Versions of the indicator sets shipped with Kaohe (file names under sets/). */
export function builtInIndicatorSets(): string[] {
  return readdirSync(BUILT_IN_DIR).filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, '')).sort();
}

/**
 * Loads an indicator set: a built-in version by name (`cn-2026Q1`) or a bureau's own file (YAML/JSON). A set that
 * `extends` another resolves it among the built-in versions or beside the file.
 * @throws IndicatorSetLoadError (every problem with file and field) or Error for an unknown name
 */
export function loadIndicatorSet(versionOrPath: string): IndicatorSet {
  const hit = cache.get(versionOrPath);
  if (hit) return hit;
  const builtIn = /^[a-z0-9][a-z0-9-]*$/i.test(versionOrPath) && existsSync(join(BUILT_IN_DIR, `${versionOrPath}.yaml`));
  const path = builtIn ? join(BUILT_IN_DIR, `${versionOrPath}.yaml`) : versionOrPath;
  if (!existsSync(path)) throw new Error(`${versionOrPath}: no such indicator set (built-in: ${builtInIndicatorSets().join(', ')})`);
  const dir = path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '.';
  const set = parseIndicatorSet({ path, text: readFileSync(path, 'utf8') }, (v) => {
    const local = join(dir, `${v}.yaml`);
    return existsSync(local) && local !== path ? loadIndicatorSet(local) : loadIndicatorSet(v);
  });
  if (builtIn) cache.set(versionOrPath, set);
  return set;
}

/** The built-in set in force on `asOf` (latest version effective on that day). */
export function indicatorSetFor(asOf: string): IndicatorSet {
  const s = selectIndicatorSet(builtInIndicatorSets().map(loadIndicatorSet), asOf);
  if (!s) throw new Error(`no indicator set is effective on ${asOf} (built-in: ${builtInIndicatorSets().join(', ')})`);
  return s;
}
