import type { Command } from 'commander';
import { once } from 'node:events';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  DEFAULT_LIABILITY_RULES, LIABILITY_LEVELS, LiabilityRuleSetError, evaluateLiability, loadLiabilityRuleSet, validateMatter,
  type LiabilityResult, type LiabilityRuleSet,
} from '@kaohe/core';
import { CliExit, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';

const FORMATS = ['table', 'json'] as const;

/** One rejected line: file, line, field, reason in zh-CN and en. */
interface LineError { line: number; field: string; zh: string; en: string }

/**
 * `kaohe liability FILE.jsonl [--format json|table] [--rules FILE] [--lang zh-CN|en]` (docs/liability.md): reads
 * `kaohe.matter/v1` lines and prints, per matter, each person's share with its reason and rule, and the 容错纠错
 * outcome. Stateless, no database. Exit 0 when every line was evaluated, 1 when a line (or the rule set) is rejected
 * (each problem: file, line, field, reason), 2 for usage or an unreadable file.
 */
export function register(program: Command): void {
  program
    .command('liability')
    .description('apportion liability for accountability matters (kaohe.matter/v1 JSONL), without a database / 责任认定')
    .argument('<file>', 'kaohe.matter/v1 lines (JSONL)')
    .option('--format <format>', 'table | json', 'table')
    .option('--rules <file>', 'a liability rule set (YAML/JSON) replacing the default cn-default')
    .option('--lang <lang>', 'language of the table: zh-CN | en', 'zh-CN')
    .action(async (file: string, o: { format: string; rules?: string; lang: string }) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) throw new CliExit(EXIT_USAGE, `kaohe liability: --format must be one of ${FORMATS.join(', ')}`);
      if (o.lang !== 'zh-CN' && o.lang !== 'en') throw new CliExit(EXIT_USAGE, 'kaohe liability: --lang must be zh-CN or en');
      const ruleSet = o.rules === undefined ? DEFAULT_LIABILITY_RULES : readRuleSet(o.rules);
      const { results, errors } = await readMatters(file, ruleSet);
      if (errors.length) {
        const text = errors.map((e) => `${file}, line ${e.line}, field ${e.field}: ${e.zh} | ${e.en}`).join('\n');
        throw new CliExit(EXIT_REJECTED, `${text}\nkaohe liability: ${errors.length} problem(s), nothing evaluated / 输入有误，未作认定`);
      }
      const text = o.format === 'json' ? JSON.stringify({ matters: results }, null, 2) + '\n' : table(results, ruleSet, o.lang === 'en' ? 'en' : 'zh');
      if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    });
}

function readRuleSet(path: string): LiabilityRuleSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliExit(EXIT_USAGE, `kaohe liability: ${path}: 无法读取规则文件 | cannot read the rule set (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return loadLiabilityRuleSet(text, path);
  } catch (e) {
    if (e instanceof LiabilityRuleSetError) {
      throw new CliExit(EXIT_REJECTED, e.issues.map((i) => `${i.file}${i.line ? `, line ${i.line}` : ''}, field ${i.field}: ${i.message.zh} | ${i.message.en}`).join('\n'));
    }
    throw e;
  }
}

/** Streams the file line by line; every bad line is reported (all of them, not only the first). */
async function readMatters(file: string, ruleSet: LiabilityRuleSet): Promise<{ results: LiabilityResult[]; errors: LineError[] }> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => { stream.once('open', () => resolve()); stream.once('error', reject); });
  try {
    await opened;
  } catch (e) {
    throw new CliExit(EXIT_USAGE, `kaohe liability: ${file}: 无法读取 | cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const results: LiabilityResult[] = [];
  const errors: LineError[] = [];
  const ids = new Map<string, number>();
  let n = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      errors.push({ line: n, field: '(json)', zh: '不是合法的 JSON', en: `not valid JSON (${(e as Error).message})` });
      continue;
    }
    const v = validateMatter(value);
    if (!v.ok) {
      for (const i of v.issues) errors.push({ line: n, field: i.field, zh: i.message.zh, en: i.message.en });
      continue;
    }
    const first = ids.get(v.matter.id);
    if (first !== undefined) {
      errors.push({ line: n, field: 'id', zh: `事项编号 ${v.matter.id} 与第 ${first} 行重复`, en: `matter id ${v.matter.id} repeats line ${first}` });
      continue;
    }
    ids.set(v.matter.id, n);
    results.push(evaluateLiability(v.matter, ruleSet));
  }
  return { results, errors };
}

const LEVEL = Object.fromEntries(LIABILITY_LEVELS.map((l) => [l.code, l.label]));
const OUTCOME: Record<string, { zh: string; en: string }> = {
  exempt: { zh: '免责', en: 'exempt' }, lighter: { zh: '从轻减轻', en: 'lighter' }, none: { zh: '不适用容错', en: 'none' },
};

function table(results: LiabilityResult[], ruleSet: LiabilityRuleSet, lang: 'zh' | 'en'): string {
  const lines = [`${ruleSet.id} ${ruleSet.version} · ${results.length} ${lang === 'zh' ? '个事项' : 'matters'}`, ''];
  for (const r of results) {
    lines.push(`${lang === 'zh' ? '事项' : 'matter'} ${r.matter}`);
    const rows = r.responsible.map((s) => [s.person, s.role, s.level, LEVEL[s.level]?.[lang] ?? s.level, s.rule ?? '-', s.reason[lang]]);
    lines.push(...grid(['person', 'role', 'level', lang === 'zh' ? '责任' : 'share', 'rule', lang === 'zh' ? '理由' : 'reason'], rows));
    const t = r.tolerance;
    lines.push(`${lang === 'zh' ? '容错纠错' : 'tolerance'}: ${t.outcome} (${OUTCOME[t.outcome]![lang]})`);
    for (const x of t.reasons) lines.push(`  + ${x[lang]}`);
    for (const x of t.excludedBy) lines.push(`  ✗ ${x[lang]}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Display width: CJK characters take two columns. */
const width = (s: string): number => [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));

function grid(head: string[], rows: string[][]): string[] {
  const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => pad(c, w[i]!)).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
}
