/**
 * Indicator metadata (names, direction, floor / target, scale) for the assessment screens. The API answers carry
 * only codes and figures, so the screens read the shipped indicator sets — the same YAML files `@kaohe/core` loads
 * (packages/core/src/indicators/sets/) — bundled at build time. `extends` / `remove` are merged as the loader does.
 * A set not shipped (a bureau's own file) falls back to the newest built-in version, then to the bare code.
 */
import { parse } from 'yaml';
import type { Localized } from '../../api.ts';

export interface IndicatorMeta {
  code: string;
  name?: Localized;
  level?: 'department' | 'post' | 'individual';
  domain?: string;
  group?: string;
  direction?: 'up' | 'down';
  scale?: number;
  floor?: number;
  target?: number;
  weight?: number;
  basis?: string;
}
interface SetFile {
  version: string;
  title?: Localized;
  effective?: string;
  extends?: string;
  remove?: string[];
  indicators?: (Partial<IndicatorMeta> & { code: string })[];
  grades?: { excellent: number; pass: number; basic: number };
}
export interface SetMeta { version: string; title?: Localized; effective?: string; indicators: Map<string, IndicatorMeta>; grades?: SetFile['grades'] }

const files: Record<string, string> = import.meta.glob('../../../../core/src/indicators/sets/*.yaml', { query: '?raw', import: 'default', eager: true });

let parsed: Map<string, SetFile> | null = null;
function raw(): Map<string, SetFile> {
  if (parsed) return parsed;
  parsed = new Map();
  for (const text of Object.values(files)) {
    try {
      const f = parse(text) as SetFile;
      if (f?.version) parsed.set(f.version, f);
    } catch { /* the server validates the sets; a broken file only loses its labels here */ }
  }
  return parsed;
}

const resolved = new Map<string, SetMeta>();
function resolve(version: string, depth = 0): SetMeta | null {
  const hit = resolved.get(version);
  if (hit) return hit;
  const f = raw().get(version);
  if (!f || depth > 20) return null;
  const base = f.extends ? resolve(f.extends, depth + 1) : null;
  const indicators = new Map<string, IndicatorMeta>(base ? [...base.indicators].map(([k, v]) => [k, { ...v }]) : []);
  for (const code of f.remove ?? []) indicators.delete(code);
  for (const i of f.indicators ?? []) indicators.set(i.code, { ...(indicators.get(i.code) ?? {}), ...i });
  const s: SetMeta = { version: f.version, title: f.title, effective: f.effective, indicators, grades: f.grades ?? base?.grades };
  resolved.set(version, s);
  return s;
}

/** The shipped versions, oldest first. */
export function setVersions(): { version: string; title?: Localized; effective?: string }[] {
  return [...raw().values()].sort((a, b) => (a.effective ?? '').localeCompare(b.effective ?? '') || a.version.localeCompare(b.version))
    .map((f) => ({ version: f.version, title: f.title, effective: f.effective }));
}

export function setMeta(version: string | null | undefined): SetMeta | null {
  if (version) { const s = resolve(version); if (s) return s; }
  const all = setVersions();
  return all.length ? resolve(all[all.length - 1]!.version) : null;
}

export function indicatorMeta(version: string | null | undefined, code: string): IndicatorMeta {
  return setMeta(version)?.indicators.get(code) ?? { code };
}
