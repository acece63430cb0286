import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { getTemplate } from './template.ts';
import { packFileSchema, ruleFileSchema } from './schema.ts';
import type { Pack, RuleDef, RuleExample } from './types.ts';
import './templates.ts';

/** A pack that failed validation: every problem names its file and field. */
export class PackLoadError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`rule pack is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'PackLoadError';
    this.problems = problems;
  }
}

export interface PackSource {
  /** file path (used in errors and as the rule's source) */
  path: string;
  text: string;
}

function issues(path: string, err: z.ZodError, prefix = ''): string[] {
  return err.issues.map((i) => `${path}: ${prefix}${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}

function parseText(src: PackSource, problems: string[]): unknown {
  try {
    return src.path.endsWith('.json') ? JSON.parse(src.text) : parseYaml(src.text);
  } catch (e) {
    problems.push(`${src.path}: (syntax): ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

const isManifest = (path: string): boolean => /(^|[\\/])pack\.(ya?ml|json)$/.test(path);

/**
 * Builds a pack from its files (pure): a manifest `pack.yaml` (id, title, version, timezone, params) and one file per
 * rule (or per rule's versions: a file may hold a list). A single file may also hold the whole pack with `rules: [...]`.
 * @throws PackLoadError listing every problem with file path and field
 */
export function parsePack(sources: readonly PackSource[]): Pack {
  const problems: string[] = [];
  let manifest: z.infer<typeof packFileSchema> | undefined;
  let manifestPath = '';
  const rules: RuleDef[] = [];
  const addRule = (raw: unknown, path: string, prefix: string) => {
    const r = ruleFileSchema.safeParse(raw);
    if (!r.success) { problems.push(...issues(path, r.error, prefix)); return; }
    const t = getTemplate(r.data.template);
    if (!t) { problems.push(`${path}: ${prefix}template: unknown template "${r.data.template}"`); return; }
    const p = t.params.safeParse(r.data.params);
    if (!p.success) { problems.push(...issues(path, p.error, `${prefix}params.`)); return; }
    const { applies, advisory, ...rest } = r.data;
    const def: RuleDef = { ...rest, params: r.data.params, examples: r.data.examples as unknown as RuleExample[], source: path };
    if (applies) def.applies = applies;
    if (advisory) def.advisory = advisory;
    rules.push(def);
  };
  for (const src of sources) {
    const raw = parseText(src, problems);
    if (raw === undefined) continue;
    if (isManifest(src.path) || (raw && typeof raw === 'object' && !Array.isArray(raw) && 'rules' in raw)) {
      const { rules: inline, ...m } = raw as Record<string, unknown>;
      const r = packFileSchema.safeParse(m);
      if (!r.success) { problems.push(...issues(src.path, r.error)); continue; }
      if (manifest) { problems.push(`${src.path}: (root): a second pack manifest (first: ${manifestPath})`); continue; }
      manifest = r.data;
      manifestPath = src.path;
      if (Array.isArray(inline)) inline.forEach((x, i) => addRule(x, src.path, `rules.${i}.`));
      continue;
    }
    if (Array.isArray(raw)) raw.forEach((x, i) => addRule(x, src.path, `${i}.`));
    else addRule(raw, src.path, '');
  }
  if (!manifest) problems.push(`${sources[0]?.path ?? '(no files)'}: (root): no pack manifest (pack.yaml with id, title, version, timezone)`);
  const seen = new Map<string, string>();
  for (const r of rules) {
    const k = `${r.id}@${r.effective.from}`;
    const prev = seen.get(k);
    if (prev) problems.push(`${r.source}: effective.from: ${r.id} already has a version from ${r.effective.from} (${prev})`);
    seen.set(k, r.source);
  }
  if (problems.length) throw new PackLoadError(problems);
  const m = manifest!;
  const pack: Pack = {
    id: m.id, title: m.title, version: m.version, timezone: m.timezone, pendingWorkingDays: m.pendingWorkingDays,
    params: m.params, rules: rules.sort((a, b) => a.id.localeCompare(b.id) || a.effective.from.localeCompare(b.effective.from)),
    source: manifestPath,
  };
  if (m.decisionEvent) pack.decisionEvent = m.decisionEvent;
  return pack;
}

/** A copy of a pack with some parameters changed (a bureau's own thresholds). */
export function withParams(pack: Pack, params: Record<string, unknown>): Pack {
  return { ...pack, params: { ...pack.params, ...params } };
}

/** Distinct rule ids of a pack. */
export function ruleIds(pack: Pack): string[] {
  return [...new Set(pack.rules.map((r) => r.id))];
}
