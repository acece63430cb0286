import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRecord, toRowError } from './index.ts';
import type { Issue } from './index.ts';

export const SPEC_CASE = {
  schema: 'kaohe.case/v1', id: 'SJ-2026-000123', agency: '330100-SCJG', domain: 'market', procedure: 'general',
  party: { type: 'org', name: '某某食品有限公司', creditCode: '91330100MA2XXXXXX1' },
  violation: { item: 'SC-FOOD-124-1', occurredOn: '2026-02-20', circumstance: 'general', firstOffense: false, minor: false, corrected: false },
  major: false, complex: false, staff: { handlers: ['P0101', 'P0102'], reviewer: 'P0150', approver: 'P0190' },
  penalty: { kinds: ['fine'], fine: 20000, confiscated: 0 },
  events: [
    { id: 'e1', type: 'lead.registered', at: '2026-03-02T09:10:00+08:00' },
    { id: 'e2', type: 'case.opened', at: '2026-03-09T10:00:00+08:00', by: ['P0190'] },
    { id: 'e3', type: 'investigation', at: '2026-03-12T14:00:00+08:00', by: ['P0101', 'P0102'], records: ['text', 'av'] },
    { id: 'e4', type: 'notice.issued', at: '2026-04-20T10:00:00+08:00', proposed: { kinds: ['fine'], fine: 20000 }, hearingRight: true },
    { id: 'e5', type: 'review.completed', at: '2026-04-28T16:00:00+08:00', by: ['P0150'], result: 'passed', opinions: 2, adopted: 2 },
    { id: 'e6', type: 'decision.made', at: '2026-04-30T10:00:00+08:00', by: ['P0190'], penalty: { kinds: ['fine'], fine: 20000 }, number: '杭市监罚〔2026〕123号' },
    { id: 'e7', type: 'decision.served', at: '2026-05-08T10:00:00+08:00', method: 'direct' },
  ],
};
const clone = <T>(x: T): T => structuredClone(x);
function issuesOf(obj: unknown, hint?: Parameters<typeof validateRecord>[1], opts?: Parameters<typeof validateRecord>[2]): Issue[] {
  const r = validateRecord(obj, hint, opts);
  return r.ok ? [] : r.issues;
}
const codes = (is: Issue[]) => is.map((i) => `${i.field}:${i.code}`);

test('the spec example case is valid; unknown top-level fields go to extra, nested ones stay', () => {
  const c = { ...clone(SPEC_CASE), sourceSystem: 'X', party: { ...SPEC_CASE.party, nickname: 'n' } };
  const r = validateRecord(c);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.record.schema, 'kaohe.case/v1');
  const v = r.record.value as Record<string, any>;
  assert.deepEqual(v.extra, { sourceSystem: 'X' });
  assert.equal(v.party.nickname, 'n');
  assert.equal(v.events.length, 7);
});

test('case errors: enum, required, date, instant offset, duplicate id, negative fine, unknown event type', () => {
  const table: [string, (c: any) => void, string][] = [
    ['enum', (c) => { c.domain = 'markets'; }, 'domain:enum.invalid'],
    ['required', (c) => { delete c.agency; }, 'agency:field.required'],
    ['empty required', (c) => { c.id = ' '; }, 'id:field.required'],
    ['feb 30', (c) => { c.violation.occurredOn = '2026-02-30'; }, 'violation.occurredOn:date.invalid'],
    ['offset', (c) => { c.events[2].at = '2026-03-12T14:00:00'; }, 'events[2].at:instant.offset-missing'],
    ['bad instant', (c) => { c.events[2].at = '2026-03-12 lunch'; }, 'events[2].at:instant.invalid'],
    ['25 h', (c) => { c.events[2].at = '2026-03-12T25:00:00+08:00'; }, 'events[2].at:instant.invalid'],
    ['dup', (c) => { c.events[3].id = 'e2'; }, 'events[3].id:duplicate.event-id'],
    ['negative', (c) => { c.penalty.fine = -1; }, 'penalty.fine:number.negative'],
    ['number type', (c) => { c.penalty.fine = '2万'; }, 'penalty.fine:number.invalid'],
    ['kind', (c) => { c.penalty.kinds = ['fine', 'flogging']; }, 'penalty.kinds[1]:enum.invalid'],
    ['bool', (c) => { c.major = 'yes'; }, 'major:boolean.invalid'],
    ['event type', (c) => { c.events[0].type = 'lead.found'; }, 'events[0].type:event-type.unknown'],
    ['served method', (c) => { c.events[6].method = 'pigeon'; }, 'events[6].method:enum.invalid'],
    ['hearingOn', (c) => { c.events.push({ id: 'h', type: 'hearing.notified', at: '2026-04-22T10:00:00+08:00' }); }, 'events[7].hearingOn:field.required'],
    ['hearingOn date', (c) => { c.events.push({ id: 'h', type: 'hearing.notified', at: '2026-04-22T10:00:00+08:00', hearingOn: '2026-13-01' }); }, 'events[7].hearingOn:date.invalid'],
    ['excluded to', (c) => { c.events.push({ id: 'x', type: 'period.excluded', at: '2026-04-22T10:00:00+08:00', from: '2026-04-22' }); }, 'events[7].to:field.required'],
    ['excluded order', (c) => { c.events.push({ id: 'x', type: 'period.excluded', at: '2026-04-22T10:00:00+08:00', from: '2026-04-22', to: '2026-04-01', reason: 'testing' }); }, 'events[7].to:range.reversed'],
    ['excluded reason', (c) => { c.events.push({ id: 'x', type: 'period.excluded', at: '2026-04-22T10:00:00+08:00', from: '2026-04-22', to: '2026-04-23', reason: 'lunch' }); }, 'events[7].reason:enum.invalid'],
    ['opinions', (c) => { c.events[4].opinions = 1.5; }, 'events[4].opinions:number.integer'],
  ];
  for (const [name, mutate, expected] of table) {
    const c = clone(SPEC_CASE);
    mutate(c);
    assert.deepEqual(codes(issuesOf(c)), [expected], name);
  }
});

test('unknown event types are kept when asked (XES logs)', () => {
  const c = clone(SPEC_CASE) as any;
  c.events[0].type = 'Create Fine';
  assert.ok(validateRecord(c, undefined, { unknownEventTypes: 'keep' }).ok);
});

test('messages are precise in both languages', () => {
  const c = clone(SPEC_CASE) as any;
  c.events[2].at = '2026-03-02T09:10:00';
  const [i] = issuesOf(c);
  const e = toRowError({ file: 'a.jsonl', line: 5 }, i!);
  assert.equal(e.message.zh, '第 5 行 events[2].at：时间必须带时区偏移，如 2026-03-02T09:10:00+08:00（实际为 "2026-03-02T09:10:00"）');
  assert.equal(e.message.en, 'line 5 events[2].at: instant must carry an offset, e.g. 2026-03-02T09:10:00+08:00 (got "2026-03-02T09:10:00")');
  c.events[2].at = '2026-03-12T14:00:00+08:00';
  c.domain = 'markets';
  const e2 = toRowError({ file: 'b.xlsx', sheet: '案件', row: 3 }, issuesOf(c)[0]!, '执法领域');
  assert.match(e2.message.zh, /^工作表「案件」 第 3 行 执法领域（domain）：取值 "markets" 无效，可选值：market、ecology/);
  assert.match(e2.message.en, /^sheet "案件" row 3 domain \(执法领域\): invalid value "markets"; allowed: market, ecology/);
});

test('schema missing / unknown / hint', () => {
  const { schema: _s, ...noSchema } = clone(SPEC_CASE);
  assert.deepEqual(codes(issuesOf(noSchema)), ['schema:schema.missing']);
  assert.ok(validateRecord(noSchema, 'kaohe.case/v1').ok);
  assert.deepEqual(codes(issuesOf({ ...noSchema, schema: 'kaohe.case/v2' })), ['schema:schema.unknown']);
  assert.deepEqual(codes(issuesOf([1, 2])), [':record.not-object']);
});

test('external records of each kind', () => {
  const base = { schema: 'kaohe.record/v1', agency: '330100-SCJG' };
  const good = [
    { ...base, kind: 'complaint', id: 'c1', receivedAt: '2026-04-02T10:30:00+08:00', category: 'attitude', verified: true, closedAt: '2026-04-10T10:00:00Z' },
    { ...base, kind: 'rating', id: 'r1', at: '2026-04-02T10:30:00+08:00', score: 5, caseId: 'SJ-1' },
    { ...base, kind: 'survey', id: 's1', at: '2026-04-02T10:30:00+08:00', mode: 'online', answers: { q1: 5, q2: 3 } },
    { ...base, kind: 'reconsideration', id: 'f1', caseId: 'SJ-1', decidedAt: '2026-06-02T10:30:00+08:00', outcome: 'revoked' },
    { ...base, kind: 'litigation', id: 'l1', caseId: 'SJ-1', decidedAt: '2026-06-02T10:30:00+08:00', outcome: 'withdrawn', court: '某某法院' },
  ];
  for (const g of good) assert.ok(validateRecord(g).ok, g.kind);
  const lit = validateRecord(good[4]);
  assert.ok(lit.ok && (lit.record.value as any).extra.court === '某某法院');
  assert.deepEqual(codes(issuesOf({ ...good[1], score: 6 })), ['score:number.range']);
  assert.deepEqual(codes(issuesOf({ ...good[2], answers: { q1: 0 } })), ['answers.q1:number.range']);
  assert.deepEqual(codes(issuesOf({ ...good[3], outcome: 'withdrawn' })), ['outcome:enum.invalid']);
  assert.deepEqual(codes(issuesOf({ ...good[0], verified: undefined })), ['verified:field.required']);
  assert.deepEqual(codes(issuesOf({ ...good[0], kind: 'praise' })), ['kind:enum.invalid']);
});

test('registries: agency, person, item, calendar', () => {
  const agency = { schema: 'kaohe.agency/v1', code: 'A', name: '局', region: '330100', domain: 'market', level: 'city' };
  assert.ok(validateRecord(agency).ok);
  assert.deepEqual(codes(issuesOf({ ...agency, region: '33010' })), ['region:region.invalid']);
  assert.deepEqual(codes(issuesOf({ ...agency, level: 'village' })), ['level:enum.invalid']);
  const person = { schema: 'kaohe.person/v1', code: 'P1', name: '王某', agency: 'A', posts: ['handler'], credential: { number: 'x', validFrom: '2024-01-01', validTo: '2028-12-31' } };
  assert.ok(validateRecord(person).ok);
  assert.deepEqual(codes(issuesOf({ ...person, credential: { number: 'x', validFrom: '2029-01-01', validTo: '2028-12-31' } })), ['credential.validTo:range.reversed']);
  const item = { schema: 'kaohe.item/v1', code: 'I', name: 'n', domain: 'market', kinds: ['fine'], range: { min: 100, max: 50 } };
  assert.deepEqual(codes(issuesOf(item)), ['range.max:range.reversed']);
  assert.ok(validateRecord({ ...item, range: { min: 50, max: 100 }, tiers: [{ tier: '一般', min: 50, max: 80, circumstances: ['general'] }] }).ok);
  const cal = { schema: 'kaohe.calendar/v1', year: 2026, holidays: ['2026-01-01'], workdays: ['2026-01-04'] };
  const rc = validateRecord(cal);
  assert.ok(rc.ok && !('schema' in rc.record.value));
  assert.deepEqual(codes(issuesOf({ ...cal, holidays: ['2025-12-31', '2026-02-29'] })), ['holidays[1]:date.invalid', ]);
  assert.deepEqual(codes(issuesOf({ ...cal, holidays: ['2025-12-31'] })), ['holidays[0]:date.year-mismatch']);
});
