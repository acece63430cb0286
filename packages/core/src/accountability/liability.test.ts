/**
 * The responsibility chain and 容错纠错 under the default rule set, as tables. Expected shares are read off the issue's
 * default rules (local 执法过错责任追究办法), one row per chain situation; nothing is copied from the code's output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_LIABILITY_RULES, LiabilityRuleSetError, evaluateLiability, loadLiabilityRuleSet, validateMatter,
  type LiabilityLevel, type MatterDoc, type MatterFacts,
} from './index.ts';

const staff = { handlers: ['张三', '李四'], reviewer: '王五', approver: '赵六' };
const matter = (facts: MatterFacts, s: MatterDoc['staff'] = staff): MatterDoc => ({ schema: 'kaohe.matter/v1', id: 'M-1', staff: s, facts });
const shares = (m: MatterDoc) => Object.fromEntries(evaluateLiability(m).responsible.map((r) => [r.person, `${r.level} ${r.rule}`]));

test('the chain: one row per situation of the default rule set', () => {
  const rows: { name: string; facts: MatterFacts; s?: MatterDoc['staff']; expect: Record<string, string> }[] = [
    { name: 'handler bypassed review and approval → handler sole, the others none',
      facts: { bypassed: true, origin: 'handler' },
      expect: { 张三: 'sole cn.liability.bypassed', 李四: 'sole cn.liability.bypassed', 王五: 'none cn.liability.bypassed', 赵六: 'none cn.liability.bypassed' } },
    { name: 'wrong proposal not caught → handlers primary, reviewer and approver secondary',
      facts: { origin: 'handler' },
      expect: { 张三: 'primary cn.liability.handler-error', 李四: 'primary cn.liability.handler-error', 王五: 'secondary cn.liability.handler-error', 赵六: 'secondary cn.liability.handler-error' } },
    { name: "reviewer changed the handler's correct proposal → reviewer primary, approver secondary, handlers none",
      facts: { origin: 'reviewer' },
      expect: { 张三: 'none cn.liability.reviewer-changed', 李四: 'none cn.liability.reviewer-changed', 王五: 'primary cn.liability.reviewer-changed', 赵六: 'secondary cn.liability.reviewer-changed' } },
    { name: 'approver changed correct proposals → approver sole, the others none',
      facts: { origin: 'approver' },
      expect: { 张三: 'none cn.liability.approver-changed', 李四: 'none cn.liability.approver-changed', 王五: 'none cn.liability.approver-changed', 赵六: 'sole cn.liability.approver-changed' } },
    { name: 'a handler concealed facts → that handler sole, the misled (co-handler, reviewer, approver) none; concealment wins over origin',
      facts: { origin: 'reviewer', concealed: ['张三'] },
      expect: { 张三: 'sole cn.liability.concealment', 李四: 'none cn.liability.concealment', 王五: 'none cn.liability.concealment', 赵六: 'none cn.liability.concealment' } },
    { name: 'collective decision → principal primary, wrong view secondary, right view none, the rest none',
      facts: { origin: 'collective', collective: { principal: '赵六', wrong: ['王五', '钱七'], right: ['孙八'] } },
      expect: { 张三: 'none cn.liability.collective', 李四: 'none cn.liability.collective', 王五: 'secondary cn.liability.collective', 赵六: 'primary cn.liability.collective', 钱七: 'secondary cn.liability.collective', 孙八: 'none cn.liability.collective' } },
    { name: 'a written objection overruled → none, whatever the chain said (the reviewer objected to the wrong proposal)',
      facts: { origin: 'handler', objected: ['王五'] },
      expect: { 张三: 'primary cn.liability.handler-error', 李四: 'primary cn.liability.handler-error', 王五: 'none cn.liability.objected', 赵六: 'secondary cn.liability.handler-error' } },
    { name: 'a co-handler who objected in writing is cleared, the other handler stays primary',
      facts: { origin: 'handler', objected: ['李四'] },
      expect: { 张三: 'primary cn.liability.handler-error', 李四: 'none cn.liability.objected', 王五: 'secondary cn.liability.handler-error', 赵六: 'secondary cn.liability.handler-error' } },
    { name: 'no reviewer or approver on record, the handler bypassed → only the handler, sole',
      facts: { bypassed: true }, s: { handlers: ['张三'] },
      expect: { 张三: 'sole cn.liability.bypassed' } },
    { name: 'no rule applies (no origin, nothing bypassed or concealed) → everyone none, rule null, decided by hand',
      facts: {},
      expect: { 张三: 'none null', 李四: 'none null', 王五: 'none null', 赵六: 'none null' } },
  ];
  for (const r of rows) {
    const v = validateMatter(matter(r.facts, r.s));
    assert.ok(v.ok, `${r.name}: ${JSON.stringify(!v.ok && v.issues)}`);
    assert.deepEqual(shares(v.matter), r.expect, r.name);
  }
});

test('each share carries its reason in both languages and the role held', () => {
  const r = evaluateLiability(matter({ origin: 'collective', collective: { principal: '赵六', wrong: ['钱七'], right: [] } }));
  const qian = r.responsible.find((x) => x.person === '钱七')!;
  assert.equal(qian.role, 'member');
  assert.match(qian.reason.zh, /错误意见/);
  assert.match(qian.reason.en, /wrong view/);
  assert.equal(r.responsible.find((x) => x.person === '赵六')!.role, 'approver', 'a person keeps the staff role they held');
  assert.equal(r.matter, 'M-1');
});

const OK3 = { withinAuthorityAndProcedure: true, publicInterest: true, noPersonalGain: true } as const;

test('容错纠错: the checklist → exempt / lighter / none, with reasons', () => {
  const rows: { name: string; tolerance: MatterFacts['tolerance']; outcome: string; codes: string[] }[] = [
    { name: 'prerequisites + law unclear → exempt', tolerance: { ...OK3, lawUnclear: true }, outcome: 'exempt', codes: ['lawUnclear', ...Object.keys(OK3)] },
    { name: "prerequisites + a superior's documented order → exempt", tolerance: { ...OK3, superiorOrder: true }, outcome: 'exempt', codes: ['superiorOrder', ...Object.keys(OK3)] },
    { name: "prerequisites + the counter-party's fraud and new evidence → exempt, both grounds listed", tolerance: { ...OK3, newEvidence: true, counterpartyFraud: true }, outcome: 'exempt', codes: ['newEvidence', 'counterpartyFraud', ...Object.keys(OK3)] },
    { name: 'prerequisites + corrected promptly, no harm → lighter', tolerance: { ...OK3, correctedNoHarm: true }, outcome: 'lighter', codes: ['correctedNoHarm', ...Object.keys(OK3)] },
    { name: 'an exempt ground and a lighter one → exempt (the stronger)', tolerance: { ...OK3, forceMajeure: true, correctedNoHarm: true }, outcome: 'exempt', codes: ['forceMajeure', ...Object.keys(OK3)] },
    { name: 'a ground without the public-interest prerequisite → none, naming the missing one', tolerance: { withinAuthorityAndProcedure: true, noPersonalGain: true, lawUnclear: true }, outcome: 'none', codes: ['publicInterest'] },
    { name: 'the prerequisites alone, no ground → none', tolerance: { ...OK3 }, outcome: 'none', codes: ['no-ground'] },
    { name: 'nothing claimed → none', tolerance: undefined, outcome: 'none', codes: ['no-ground'] },
  ];
  for (const r of rows) {
    const t = evaluateLiability(matter({ origin: 'handler', tolerance: r.tolerance })).tolerance;
    assert.equal(t.outcome, r.outcome, r.name);
    assert.deepEqual(t.reasons.map((x) => x.code), r.codes, r.name);
    assert.deepEqual(t.excludedBy, [], r.name);
    for (const x of t.reasons) assert.ok(x.zh && x.en, `${r.name}: bilingual`);
  }
});

test('容错纠错: each exclusion overrides a full exempt checklist', () => {
  const full = { ...OK3, lawUnclear: true };
  const rows: { name: string; facts: MatterFacts; excludedBy: string[] }[] = [
    { name: 'intent', facts: { exclusions: { intent: true } }, excludedBy: ['intent'] },
    { name: 'personal gain', facts: { exclusions: { personalGain: true } }, excludedBy: ['personalGain'] },
    { name: 'repeat after a warning', facts: { exclusions: { repeatAfterWarning: true } }, excludedBy: ['repeatAfterWarning'] },
    { name: 'concealment declared', facts: { exclusions: { concealment: true } }, excludedBy: ['concealment'] },
    { name: 'concealment implied by a concealer named in the facts', facts: { concealed: ['张三'] }, excludedBy: ['concealment'] },
    { name: 'two exclusions, both listed', facts: { exclusions: { intent: true, personalGain: true } }, excludedBy: ['intent', 'personalGain'] },
    { name: 'an exclusion set to false excludes nothing', facts: { exclusions: { intent: false } }, excludedBy: [] },
  ];
  for (const r of rows) {
    const t = evaluateLiability(matter({ origin: 'handler', ...r.facts, tolerance: full })).tolerance;
    assert.deepEqual(t.excludedBy.map((x) => x.code), r.excludedBy, r.name);
    assert.equal(t.outcome, r.excludedBy.length ? 'none' : 'exempt', r.name);
  }
});

test('validateMatter: bad documents name the field and the reason in zh-CN and en', () => {
  const base = { schema: 'kaohe.matter/v1', id: 'M-9', staff };
  const rows: { name: string; doc: unknown; field: string; zh: RegExp }[] = [
    { name: 'wrong schema', doc: { ...base, schema: 'kaohe.case/v1', facts: {} }, field: 'schema', zh: /取值须为/ },
    { name: 'no handlers', doc: { ...base, staff: { handlers: [] }, facts: {} }, field: 'staff.handlers', zh: /至少需要 1 项/ },
    { name: 'unknown origin', doc: { ...base, facts: { origin: 'boss' } }, field: 'facts.origin', zh: /取值须为/ },
    { name: 'misspelt fact', doc: { ...base, facts: { orign: 'handler' } }, field: 'facts', zh: /不认识的字段：orign/ },
    { name: 'misspelt tolerance item', doc: { ...base, facts: { tolerance: { lawUnclearr: true } } }, field: 'facts.tolerance', zh: /不认识的字段/ },
    { name: 'bypassed not a boolean', doc: { ...base, facts: { bypassed: 'yes' } }, field: 'facts.bypassed', zh: /类型错误/ },
    { name: 'collective origin without the collective', doc: { ...base, facts: { origin: 'collective' } }, field: 'facts.collective', zh: /集体讨论/ },
    { name: 'a concealer who is not staff', doc: { ...base, facts: { concealed: ['路人'] } }, field: 'facts.concealed.0', zh: /路人/ },
    { name: 'an objector not in the matter', doc: { ...base, facts: { origin: 'handler', objected: ['路人'] } }, field: 'facts.objected.0', zh: /路人/ },
    { name: 'both views at once', doc: { ...base, facts: { origin: 'collective', collective: { principal: '赵六', wrong: ['王五'], right: ['王五'] } } }, field: 'facts.collective.wrong.0', zh: /同时/ },
    { name: 'origin reviewer, no reviewer', doc: { ...base, staff: { handlers: ['张三'] }, facts: { origin: 'reviewer' } }, field: 'staff.reviewer', zh: /审核人/ },
    { name: 'missing facts', doc: { ...base }, field: 'facts', zh: /必填项缺失/ },
  ];
  for (const r of rows) {
    const v = validateMatter(r.doc);
    assert.equal(v.ok, false, r.name);
    if (v.ok) continue;
    const hit = v.issues.find((i) => i.field === r.field);
    assert.ok(hit, `${r.name}: expected field ${r.field}, got ${JSON.stringify(v.issues)}`);
    assert.match(hit.message.zh, r.zh, r.name);
    assert.ok(hit.message.en.length > 0, r.name);
  }
});

const BUREAU = `schema: kaohe.liability-rules/v1
id: hz-sfj
title: { zh: 某市司法局责任认定规则, en: A city bureau's liability rules }
version: "2026.2"
basis: 某市行政执法过错责任追究办法
rules:
  - id: hz.liability.handler-error
    title: { zh: 承办人错误, en: "Handler error" }
    when: { origin: [handler] }
    assign:
      - { who: handlers, level: primary, reason: { zh: 承办人错误, en: "handler error" } }
      - { who: approver, level: leadership, reason: { zh: 负有领导责任, en: "leadership" } }
tolerance: { prerequisites: [noPersonalGain], exempt: [lawUnclear], lighter: [], exclusions: [intent] }
`;

test("a bureau's own rule set replaces the default without code", () => {
  const set = loadLiabilityRuleSet(BUREAU, '/etc/kaohe/hz-sfj.yaml');
  assert.equal(set.sourcePath, '/etc/kaohe/hz-sfj.yaml');
  assert.ok(Object.isFrozen(set.rules[0]));
  const r = evaluateLiability(matter({ origin: 'handler', objected: ['张三'], tolerance: { noPersonalGain: true, lawUnclear: true } }), set);
  // handlers primary, approver leadership, the reviewer named by no assignment: none; no overrides in this set, so
  // 张三's objection changes nothing; its tolerance needs only noPersonalGain, so lawUnclear → exempt
  assert.deepEqual(r.responsible.map((x) => `${x.person} ${x.level}`), ['张三 primary', '李四 primary', '王五 none', '赵六 leadership']);
  assert.equal(r.tolerance.outcome, 'exempt');
  assert.equal(evaluateLiability(matter({ origin: 'reviewer' }), set).responsible[0]!.rule, null, 'a situation the bureau did not cover');
});

test('a bad rule set is refused with file, line, field and reason in both languages', () => {
  const rows: { name: string; text: string; line: number | undefined; field: string; zh: RegExp }[] = [
    { name: 'unknown level', text: BUREAU.replace('level: leadership', 'level: half'), line: 12, field: 'rules.0.assign.1.level', zh: /取值须为/ },
    { name: 'unknown selector', text: BUREAU.replace('who: approver', 'who: boss'), line: 12, field: 'rules.0.assign.1.who', zh: /取值须为/ },
    { name: 'unknown tolerance item', text: BUREAU.replace('exempt: [lawUnclear]', 'exempt: [luck]'), line: 13, field: 'tolerance.exempt.0', zh: /取值须为/ },
    { name: 'bad rule id', text: BUREAU.replace('hz.liability.handler-error', 'HandlerError'), line: 7, field: 'rules.0.id', zh: /以点分隔/ },
    { name: 'a rule without assignments', text: BUREAU.replace(/    assign:\n(.*\n){2}/, '    assign: []\n'), line: 10, field: 'rules.0.assign', zh: /至少需要 1 项/ },
    { name: 'duplicate ids', text: BUREAU + 'overrides:\n  - { id: hz.liability.handler-error, title: { zh: 重, en: dup }, who: objected, level: none, reason: { zh: 重, en: dup } }\n', line: 15, field: 'overrides.0.id', zh: /重复/ },
    { name: 'YAML syntax', text: 'rules: [\n  {a: 1\n', line: undefined, field: '(syntax)', zh: /无法解析/ },
  ];
  for (const r of rows) {
    assert.throws(() => loadLiabilityRuleSet(r.text, 'bureau.yaml'), (e: unknown) => {
      assert.ok(e instanceof LiabilityRuleSetError, r.name);
      const hit = e.issues.find((i) => i.field === r.field);
      assert.ok(hit, `${r.name}: got ${JSON.stringify(e.issues)}`);
      assert.equal(hit.file, 'bureau.yaml');
      if (r.line !== undefined) assert.equal(hit.line, r.line, r.name);
      assert.match(hit.message.zh, r.zh, r.name);
      assert.match(e.message, /bureau\.yaml/);
      return true;
    }, r.name);
  }
});

test('the default rule set is the shipped file, validated and frozen', () => {
  assert.equal(DEFAULT_LIABILITY_RULES.id, 'cn-default');
  assert.match(DEFAULT_LIABILITY_RULES.sourcePath, /rule-sets[\\/]cn-default\.yaml$/);
  assert.deepEqual(DEFAULT_LIABILITY_RULES.rules.map((r) => r.id), [
    'cn.liability.concealment', 'cn.liability.bypassed', 'cn.liability.collective',
    'cn.liability.handler-error', 'cn.liability.reviewer-changed', 'cn.liability.approver-changed',
  ]);
  assert.throws(() => { (DEFAULT_LIABILITY_RULES.rules as unknown[]).push({}); });
  const levels: LiabilityLevel[] = DEFAULT_LIABILITY_RULES.rules.flatMap((r) => r.assign.map((a) => a.level));
  assert.ok(levels.includes('sole') && levels.includes('primary') && levels.includes('secondary'));
});
