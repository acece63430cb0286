/** Day before / day of / day after the due day of cn.apl.61.service and cn.apl.60.decision across the 2026 holidays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseDoc } from '../model.ts';
import { chinaCalendar } from '../calendar/index.ts';
import { evaluateCase, loadPack } from './index.ts';

const pack = loadPack('cn-apl-2021');
const calendar = chinaCalendar();
const at = (d: string) => `${d}T10:00:00+08:00`;

function run(rule: string, from: [string, string], to: [string, string] | null, asOf = '2026-12-31') {
  const doc: CaseDoc = {
    id: 'T', agency: 'A', domain: 'market', procedure: 'general',
    events: [{ id: 'a', type: from[0], at: at(from[1]) }, ...(to ? [{ id: 'b', type: to[0], at: at(to[1]) }] : [])],
  };
  return evaluateCase(doc, [pack], { asOf, calendar }).filter((f) => f.rule === rule);
}

// [start day, due day, day before, day after]
const service: [string, string, string, string][] = [
  ['2026-02-12', '2026-02-28', '2026-02-27', '2026-03-01'], // Spring Festival; make-up Sat 14 & 28 Feb
  ['2026-02-06', '2026-02-24', '2026-02-23', '2026-02-25'], // 9,10,11,12,13,14(make-up),24
  ['2026-04-28', '2026-05-11', '2026-05-09', '2026-05-12'], // Labour Day; make-up Sat 9 May
  ['2026-09-29', '2026-10-14', '2026-10-13', '2026-10-15'], // National Day; make-up Sat 10 Oct
  ['2026-09-11', '2026-09-21', '2026-09-20', '2026-09-22'], // make-up Sun 20 Sep counts: 14..18, 20, 21
];
for (const [d, due, before, after] of service) {
  test(`cn.apl.61.service from ${d}: due ${due}`, () => {
    assert.deepEqual(run('cn.apl.61.service', ['decision.made', d], ['decision.served', before]), []);
    assert.deepEqual(run('cn.apl.61.service', ['decision.made', d], ['decision.served', due]), []);
    const late = run('cn.apl.61.service', ['decision.made', d], ['decision.served', after]);
    assert.equal(late.length, 1);
    assert.equal(late[0]!.status, 'violated');
    assert.equal(late[0]!.dueOn, due);
    assert.equal(late[0]!.actOn, after);
    assert.equal(late[0]!.provisional, undefined);
    // as of the due day, not yet served: pending; the day after: violated
    assert.equal(run('cn.apl.61.service', ['decision.made', d], null, due)[0]!.status, 'pending');
    assert.equal(run('cn.apl.61.service', ['decision.made', d], null, after)[0]!.status, 'violated');
  });
}

const decision: [string, string, string, string][] = [
  ['2025-11-17', '2026-02-24', '2026-02-23', '2026-02-25'], // +90 = Sun 15 Feb (Spring Festival) → Tue 24 Feb
  ['2025-11-16', '2026-02-14', '2026-02-13', '2026-02-15'], // +90 = Sat 14 Feb, a make-up working day
  ['2026-01-31', '2026-05-06', '2026-05-05', '2026-05-07'], // +90 = Fri 1 May → Wed 6 May
  ['2026-07-03', '2026-10-08', '2026-10-07', '2026-10-09'], // +90 = Thu 1 Oct → Thu 8 Oct
  ['2026-06-22', '2026-09-20', '2026-09-19', '2026-09-21'], // +90 = Sun 20 Sep, a make-up working day
  ['2026-07-12', '2026-10-10', '2026-10-09', '2026-10-11'], // +90 = Sat 10 Oct, a make-up working day
];
for (const [d, due, before, after] of decision) {
  test(`cn.apl.60.decision opened ${d}: due ${due}`, () => {
    assert.deepEqual(run('cn.apl.60.decision', ['case.opened', d], ['decision.made', before]), []);
    assert.deepEqual(run('cn.apl.60.decision', ['case.opened', d], ['decision.made', due]), []);
    const late = run('cn.apl.60.decision', ['case.opened', d], ['decision.made', after]);
    assert.equal(late.length, 1);
    assert.equal(late[0]!.dueOn, due);
    assert.equal(run('cn.apl.60.decision', ['case.opened', d], null, due)[0]!.status, 'pending');
    assert.equal(run('cn.apl.60.decision', ['case.opened', d], null, after)[0]!.status, 'violated');
  });
}

test('2027 has no schedule: due days that depend on it are provisional', () => {
  const f = run('cn.apl.61.service', ['decision.made', '2026-12-30'], null, '2027-01-20');
  assert.equal(f[0]!.dueOn, '2027-01-08');
  assert.deepEqual(f[0]!.provisional, [2027]);
  const loaded = calendar.withYears([{ year: 2027, holidays: ['2027-01-01'], workdays: [] }]);
  const doc: CaseDoc = { id: 'T', agency: 'A', procedure: 'general', events: [{ id: 'a', type: 'decision.made', at: at('2026-12-30') }] };
  const g = evaluateCase(doc, [pack], { asOf: '2027-01-20', calendar: loaded }).filter((x) => x.rule === 'cn.apl.61.service');
  assert.equal(g[0]!.dueOn, '2027-01-11');
  assert.equal(g[0]!.provisional, undefined);
});
