/**
 * `kaohe liability` as users run it (a child process): one matter per chain situation of the default rule set, plus
 * 容错纠错 with and without exclusions; a bureau's rule file; bad input named by file, line, field and reason (exit 1);
 * usage errors (exit 2). Expected shares are read off the default rules, not off the output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-liability-'));
const kaohe = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const write = (name: string, lines: unknown[]): string => {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
};

const staff = { handlers: ['张三'], reviewer: '王五', approver: '赵六' };
const OK3 = { withinAuthorityAndProcedure: true, publicInterest: true, noPersonalGain: true };
/** id, facts, expected "person level rule" per person, expected tolerance outcome and excludedBy */
const ROWS: [id: string, facts: Record<string, unknown>, shares: string[], outcome: string, excludedBy: string[]][] = [
  ['bypassed', { bypassed: true }, ['张三 sole cn.liability.bypassed', '王五 none cn.liability.bypassed', '赵六 none cn.liability.bypassed'], 'none', []],
  ['handler-error', { origin: 'handler' }, ['张三 primary cn.liability.handler-error', '王五 secondary cn.liability.handler-error', '赵六 secondary cn.liability.handler-error'], 'none', []],
  ['reviewer-changed', { origin: 'reviewer' }, ['张三 none cn.liability.reviewer-changed', '王五 primary cn.liability.reviewer-changed', '赵六 secondary cn.liability.reviewer-changed'], 'none', []],
  ['approver-changed', { origin: 'approver' }, ['张三 none cn.liability.approver-changed', '王五 none cn.liability.approver-changed', '赵六 sole cn.liability.approver-changed'], 'none', []],
  ['concealment', { origin: 'handler', concealed: ['张三'] }, ['张三 sole cn.liability.concealment', '王五 none cn.liability.concealment', '赵六 none cn.liability.concealment'], 'none', ['concealment']],
  ['collective', { origin: 'collective', collective: { principal: '赵六', wrong: ['王五'], right: ['孙八'] } },
    ['张三 none cn.liability.collective', '王五 secondary cn.liability.collective', '赵六 primary cn.liability.collective', '孙八 none cn.liability.collective'], 'none', []],
  ['objected', { origin: 'handler', objected: ['王五'] }, ['张三 primary cn.liability.handler-error', '王五 none cn.liability.objected', '赵六 secondary cn.liability.handler-error'], 'none', []],
  ['tolerance-exempt', { origin: 'handler', tolerance: { ...OK3, lawUnclear: true } }, ['张三 primary cn.liability.handler-error', '王五 secondary cn.liability.handler-error', '赵六 secondary cn.liability.handler-error'], 'exempt', []],
  ['tolerance-lighter', { origin: 'handler', tolerance: { ...OK3, correctedNoHarm: true } }, ['张三 primary cn.liability.handler-error', '王五 secondary cn.liability.handler-error', '赵六 secondary cn.liability.handler-error'], 'lighter', []],
  ['tolerance-excluded', { origin: 'handler', tolerance: { ...OK3, lawUnclear: true }, exclusions: { personalGain: true, repeatAfterWarning: true } },
    ['张三 primary cn.liability.handler-error', '王五 secondary cn.liability.handler-error', '赵六 secondary cn.liability.handler-error'], 'none', ['personalGain', 'repeatAfterWarning']],
];

test('kaohe liability --format json: one matter per chain situation, plus tolerance with and without exclusions', () => {
  const file = write('matters.jsonl', ROWS.map(([id, facts]) => ({ schema: 'kaohe.matter/v1', id, staff, facts })));
  const r = kaohe(['liability', file, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { matters: { matter: string; responsible: { person: string; role: string; level: string; rule: string; reason: { zh: string; en: string } }[]; tolerance: { outcome: string; reasons: unknown[]; excludedBy: { code: string }[] } }[] };
  assert.deepEqual(Object.keys(j), ['matters']);
  assert.deepEqual(j.matters.map((m) => m.matter), ROWS.map((x) => x[0]));
  for (const [i, [id, , shares, outcome, excludedBy]] of ROWS.entries()) {
    const m = j.matters[i]!;
    assert.deepEqual(m.responsible.map((s) => `${s.person} ${s.level} ${s.rule}`), shares, id);
    assert.equal(m.tolerance.outcome, outcome, id);
    assert.deepEqual(m.tolerance.excludedBy.map((x) => x.code), excludedBy, id);
    for (const s of m.responsible) assert.ok(s.reason.zh && s.reason.en && s.role, `${id}: reason in both languages and role`);
  }
});

test('kaohe liability (table): each share with its label, rule and reason; the tolerance lines', () => {
  const file = write('two.jsonl', [
    { schema: 'kaohe.matter/v1', id: 'T-1', staff, facts: { origin: 'reviewer' } },
    '',
    { schema: 'kaohe.matter/v1', id: 'T-2', staff, facts: { origin: 'handler', tolerance: { ...OK3, forceMajeure: true }, exclusions: { intent: true } } },
  ]);
  const r = kaohe(['liability', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /事项 T-1/);
  assert.match(r.out, /王五\s+reviewer\s+primary\s+主要责任\s+cn\.liability\.reviewer-changed\s+改变承办人的正确意见/);
  assert.match(r.out, /张三\s+handler\s+none\s+不承担责任/);
  assert.match(r.out, /事项 T-2[\s\S]*容错纠错: none[\s\S]*排除容错：故意/);
  const en = kaohe(['liability', file, '--lang', 'en']);
  assert.match(en.out, /matter T-1[\s\S]*changed the handler's correct proposal/);
});

test("kaohe liability --rules FILE: a bureau's own rule set, no code", () => {
  const rules = join(dir, 'bureau.yaml');
  writeFileSync(rules, [
    'schema: kaohe.liability-rules/v1', 'id: hz-sfj', 'title: { zh: 某市规则, en: "A city bureau" }', 'version: "1"', 'basis: 某市办法',
    'rules:', '  - id: hz.liability.handler-error', '    title: { zh: 承办人错误, en: "Handler error" }', '    when: { origin: [handler] }',
    '    assign:', '      - { who: handlers, level: primary, reason: { zh: 承办人错误, en: "handler error" } }',
    '      - { who: approver, level: leadership, reason: { zh: 领导责任, en: "leadership" } }',
    'tolerance: { prerequisites: [], exempt: [], lighter: [], exclusions: [] }', '',
  ].join('\n'));
  const file = write('one.jsonl', [{ schema: 'kaohe.matter/v1', id: 'B-1', staff, facts: { origin: 'handler' } }]);
  const r = kaohe(['liability', file, '--format', 'json', '--rules', rules]);
  assert.equal(r.code, 0, r.err);
  const m = (JSON.parse(r.out) as { matters: { responsible: { person: string; level: string; rule: string | null }[] }[] }).matters[0]!;
  // handlers primary, the approver leadership, the reviewer named by no assignment: none
  assert.deepEqual(m.responsible.map((s) => `${s.person} ${s.level}`), ['张三 primary', '王五 none', '赵六 leadership']);
  writeFileSync(rules, 'schema: kaohe.liability-rules/v1\nid: hz-sfj\ntitle: { zh: a, en: b }\nversion: "1"\nbasis: b\nrules:\n  - id: hz.x\n    title: { zh: a, en: b }\n    when: {}\n    assign: [ { who: handlers, level: most, reason: { zh: a, en: b } } ]\ntolerance: { prerequisites: [], exempt: [], lighter: [], exclusions: [] }\n');
  const bad = kaohe(['liability', file, '--rules', rules]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /bureau\.yaml, line 10, field rules\.0\.assign\.0\.level: 取值须为 .* \| Invalid option/);
  assert.equal(bad.out, '');
  assert.equal(kaohe(['liability', file, '--rules', join(dir, 'none.yaml')]).code, 2, 'an unreadable rule file is a usage error');
});

test('kaohe liability: bad lines are named by file, line, field and reason in zh and en (exit 1, nothing printed)', () => {
  const file = write('bad.jsonl', [
    { schema: 'kaohe.matter/v1', id: 'OK-1', staff, facts: { origin: 'handler' } },
    { schema: 'kaohe.matter/v1', id: 'BAD-2', staff, facts: { origin: 'boss' } },
    '{not json',
    { schema: 'kaohe.matter/v1', id: 'BAD-4', staff, facts: { origin: 'collective' } },
    { schema: 'kaohe.matter/v1', id: 'OK-1', staff, facts: { origin: 'handler' } },
  ]);
  const r = kaohe(['liability', file, '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '', 'nothing evaluated when a line is rejected');
  const lines = r.err.trim().split('\n');
  assert.match(lines[0]!, /bad\.jsonl, line 2, field facts\.origin: 取值须为 .* \| Invalid option/);
  assert.match(lines[1]!, /bad\.jsonl, line 3, field \(json\): 不是合法的 JSON \| not valid JSON/);
  assert.match(lines[2]!, /bad\.jsonl, line 4, field facts\.collective: .*集体讨论.* \| origin collective needs facts\.collective/);
  assert.match(lines[3]!, /bad\.jsonl, line 5, field id: 事项编号 OK-1 与第 1 行重复 \| matter id OK-1 repeats line 1/);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
});

test('kaohe liability: usage errors exit 2 with one line', () => {
  const file = write('u.jsonl', [{ schema: 'kaohe.matter/v1', id: 'U-1', staff, facts: { origin: 'handler' } }]);
  const rows: [args: string[], err: RegExp][] = [
    [['liability', file, '--format', 'yaml'], /--format must be one of table, json/],
    [['liability', file, '--lang', 'fr'], /--lang/],
    [['liability', join(dir, 'nope.jsonl')], /nope\.jsonl: 无法读取 \| cannot read \(ENOENT\)/],
  ];
  for (const [args, err] of rows) {
    const r = kaohe(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, err);
    assert.equal(r.err.trim().split('\n').length, 1, 'one line');
  }
  assert.equal(kaohe(['liability']).code, 2, 'a missing argument');
});
