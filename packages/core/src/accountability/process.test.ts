/**
 * Due process: order and role of every transition, and the periods on the 2026 PRC calendar (chinese-days: 春节
 * Feb 15–23 with make-up working days Sat Feb 14 and Sat Feb 28; 中秋 Sep 25–27 with make-up Sun Sep 20; 国庆 Oct 1–7
 * with make-up Sat Oct 10). Due days are derived by hand in the comments; each is tested the day before, of and after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaCalendar } from '../calendar/index.ts';
import {
  MATTER_STEPS, initialMatterState, matterTransition, nextActions, overdueSteps, stepDueDay,
  type MatterProcessState, type TransitionContext,
} from './process.ts';

const cal = chinaCalendar();
const at = (on: string, extra: Partial<TransitionContext> = {}): TransitionContext => ({ on, calendar: cal, ...extra });
const state = (s: Partial<MatterProcessState> & Pick<MatterProcessState, 'step' | 'since'>): MatterProcessState => s;
const go = (s: MatterProcessState, action: string, role: string, ctx?: TransitionContext): MatterProcessState => {
  const r = matterTransition(s, action, role, ctx);
  assert.ok(r.ok, `${action} by ${role} from ${s.step}: ${!r.ok ? r.reason.en : ''}`);
  return r.next;
};

test('the steps are in the order of the issue', () => {
  assert.deepEqual(MATTER_STEPS.map((s) => s.label.zh), ['立案', '调查', '告知拟处理意见', '陈述申辩', '决定', '送达', '复核/申诉', '执行', '结案']);
});

test('a matter end to end: supervisor drives, the officer answers and appeals, the decision stays in force', () => {
  let s = initialMatterState('2026-03-02');
  assert.equal(s.step, 'filed');
  s = go(s, 'investigate', 'supervisor', at('2026-03-03'));
  s = go(s, 'notify', 'supervisor', at('2026-03-10'));
  assert.deepEqual([s.step, s.noticeOn], ['notice', '2026-03-10']);
  s = go(s, 'answer', 'officer', at('2026-03-12'));
  assert.deepEqual([s.step, s.defence, s.since], ['defence', 'answered', '2026-03-12']);
  s = go(s, 'decide', 'supervisor', at('2026-03-20'));
  s = go(s, 'serve', 'supervisor', at('2026-03-23'));
  assert.equal(s.servedOn, '2026-03-23');
  s = go(s, 'appeal', 'officer', at('2026-03-30'));
  assert.deepEqual([s.step, s.appeal], ['appeal', { status: 'pending', filedOn: '2026-03-30' }]);
  s = go(s, 'execute', 'supervisor', at('2026-03-31'));   // in force during the appeal: executed meanwhile
  assert.deepEqual([s.step, s.appeal?.status], ['enforcement', 'pending']);
  const early = matterTransition(s, 'close', 'supervisor', at('2026-04-01'));
  assert.equal(early.ok, false, 'not closed while the appeal is pending');
  s = go(s, 'decide-appeal', 'supervisor', at('2026-04-10', { outcome: 'upheld' }));
  assert.deepEqual([s.step, s.appeal?.status, s.appeal?.decidedOn], ['enforcement', 'upheld', '2026-04-10']);
  s = go(s, 'close', 'supervisor', at('2026-04-13'));
  assert.deepEqual([s.step, s.since], ['closed', '2026-04-13']);
  assert.deepEqual(nextActions('closed', 'supervisor'), []);
});

test('order and role are enforced; refusals are returned with a bilingual reason', () => {
  const filed = initialMatterState('2026-03-02');
  const notice = state({ step: 'notice', since: '2026-03-10', noticeOn: '2026-03-10' });
  const served = state({ step: 'service', since: '2026-03-23', servedOn: '2026-03-23' });
  const rows: [name: string, s: MatterProcessState, action: string, role: string, why: RegExp][] = [
    ['notify before the investigation', filed, 'notify', 'supervisor', /当前处于“立案”环节/],
    ['decide straight after filing', filed, 'decide', 'supervisor', /不能“作出处理决定”/],
    ['the officer cannot investigate', filed, 'investigate', 'officer', /只能由执法监督人员/],
    ['the department admin drives nothing', filed, 'investigate', 'agency-admin', /只能由/],
    ['the supervisor cannot answer for the officer', notice, 'answer', 'supervisor', /只能由被追责执法人员/],
    ['the supervisor cannot appeal', served, 'appeal', 'supervisor', /只能由被追责执法人员/],
    ['the officer cannot close', served, 'execute', 'officer', /只能由执法监督人员/],
    ['unknown action', filed, 'approve', 'supervisor', /未知操作/],
    ['an action dated before the step began', filed, 'investigate', 'supervisor', /早于本环节开始日/],
    ['decide-appeal with nothing pending', state({ step: 'enforcement', since: '2026-04-01' }), 'decide-appeal', 'supervisor', /没有待决/],
    ['a second appeal', state({ step: 'enforcement', since: '2026-04-01', servedOn: '2026-03-23', appeal: { status: 'upheld', filedOn: '2026-03-25' } }), 'appeal', 'officer', /已提出过/],
  ];
  for (const [name, s, action, role, why] of rows) {
    const r = matterTransition(s, action, role, at(name.includes('before the step') ? '2026-03-01' : '2026-04-02'));
    assert.equal(r.ok, false, name);
    if (!r.ok) { assert.match(r.reason.zh, why, name); assert.ok(r.reason.en.length > 0, name); }
  }
  assert.deepEqual(nextActions('notice', 'officer'), ['answer', 'waive']);
  assert.deepEqual(nextActions('notice', 'supervisor'), ['decide']);
  assert.deepEqual(nextActions('service', 'officer'), ['appeal']);
  assert.deepEqual(nextActions('filed', 'agency-admin'), []);
  const noOutcome = matterTransition(state({ step: 'appeal', since: '2026-03-30', appeal: { status: 'pending', filedOn: '2026-03-30' } }), 'decide-appeal', 'supervisor', at('2026-04-01'));
  assert.equal(noOutcome.ok, false, 'the outcome is required');
});

test('陈述申辩: 5 working days from the notice, across 春节 with the make-up Saturday Feb 14', () => {
  // notice Thu Feb 12: Fri 13 → 1, Sat 14 (make-up) → 2, Feb 15–23 holiday, Tue 24 → 3, Wed 25 → 4, Thu 26 → 5
  assert.deepEqual(stepDueDay('notice', '2026-02-12', cal), { day: '2026-02-26', provisional: [] });
  const notice = state({ step: 'notice', since: '2026-02-12', noticeOn: '2026-02-12' });
  const rows: [day: string, answer: boolean, decideWithoutAnswer: boolean][] = [
    ['2026-02-25', true, false],  // the day before: may answer, no decision yet
    ['2026-02-26', true, false],  // the due day: still in time to answer, still no decision
    ['2026-02-27', false, true],  // the day after: a late answer counts as waived; the decision may be made
  ];
  for (const [day, answer, decide] of rows) {
    assert.equal(matterTransition(notice, 'answer', 'officer', at(day)).ok, answer, `answer on ${day}`);
    assert.equal(matterTransition(notice, 'decide', 'supervisor', at(day)).ok, decide, `decide without an answer on ${day}`);
  }
  assert.equal(matterTransition(notice, 'decide', 'supervisor').ok, false, 'without the day the period cannot be checked: refused');
  const waived = go(notice, 'waive', 'officer', at('2026-02-13'));
  assert.equal(waived.defence, 'waived');
  assert.equal(matterTransition(waived, 'decide', 'supervisor', at('2026-02-13')).ok, true, 'after a waiver the decision may follow at once');
  assert.deepEqual(overdueSteps(notice, '2026-02-25', cal), []);
  assert.deepEqual(overdueSteps(notice, '2026-02-26', cal), []);
  assert.deepEqual(overdueSteps(notice, '2026-02-27', cal).map((o) => [o.step, o.dueOn]), [['notice', '2026-02-26']]);
});

test('送达: 7 working days from the decision, across 国庆 and across the make-up Saturday Feb 28', () => {
  // decided Mon Sep 28: Tue 29 → 1, Wed 30 → 2, Oct 1–7 holiday, Thu 8 → 3, Fri 9 → 4, Sat 10 (make-up) → 5, Mon 12 → 6, Tue 13 → 7
  assert.equal(stepDueDay('decision', '2026-09-28', cal).day, '2026-10-13');
  // decided Tue Feb 24: Wed 25 → 1, Thu 26 → 2, Fri 27 → 3, Sat 28 (make-up) → 4, Mon Mar 2 → 5, Tue 3 → 6, Wed 4 → 7
  assert.equal(stepDueDay('decision', '2026-02-24', cal).day, '2026-03-04');
  const decided = state({ step: 'decision', since: '2026-09-28' });
  assert.deepEqual(overdueSteps(decided, '2026-10-12', cal), []);
  assert.deepEqual(overdueSteps(decided, '2026-10-13', cal), []);
  assert.deepEqual(overdueSteps(decided, '2026-10-14', cal).map((o) => o.dueOn), ['2026-10-13']);
});

test('复核/申诉: within 30 calendar days of service, rolled forward off 国庆', () => {
  // served Fri Sep 4: + 30 days = Sun Oct 4, inside 国庆 (Oct 1–7) → the next working day, Thu Oct 8
  assert.equal(stepDueDay('service', '2026-09-04', cal).day, '2026-10-08');
  const served = state({ step: 'service', since: '2026-09-04', servedOn: '2026-09-04' });
  assert.equal(matterTransition(served, 'appeal', 'officer', at('2026-10-07')).ok, true, 'the day before');
  assert.equal(matterTransition(served, 'appeal', 'officer', at('2026-10-08')).ok, true, 'the due day');
  const late = matterTransition(served, 'appeal', 'officer', at('2026-10-09'));
  assert.equal(late.ok, false, 'the day after');
  if (!late.ok) assert.match(late.reason.zh, /2026-10-08 届满/);
  // appealed during execution: the step stays 执行, the appeal is pending
  const exec = go(state({ step: 'enforcement', since: '2026-09-10', servedOn: '2026-09-04' }), 'appeal', 'officer', at('2026-09-20'));
  assert.deepEqual([exec.step, exec.appeal?.status], ['enforcement', 'pending']);
  const revoked = go(exec, 'decide-appeal', 'supervisor', at('2026-10-09', { outcome: 'revoked' }));
  assert.deepEqual([revoked.step, revoked.appeal?.status], ['closed', 'revoked'], 'a revoked decision ends the matter');
});

test('an appeal undecided past 30 days is overdue while the decision is executed', () => {
  // filed Mon Mar 2 + 30 days = Wed Apr 1, a working day: due Apr 1
  const s = state({ step: 'enforcement', since: '2026-03-03', servedOn: '2026-02-27', appeal: { status: 'pending', filedOn: '2026-03-02' } });
  assert.deepEqual(overdueSteps(s, '2026-03-31', cal), []);
  assert.deepEqual(overdueSteps(s, '2026-04-01', cal), []);
  assert.deepEqual(overdueSteps(s, '2026-04-02', cal).map((o) => [o.step, o.since, o.dueOn]), [['appeal', '2026-03-02', '2026-04-01']]);
  assert.deepEqual(overdueSteps({ ...s, appeal: { status: 'upheld', filedOn: '2026-03-02' } }, '2026-05-01', cal), [], 'decided: nothing due; 执行 has no period');
});

test('a due day in a year without a loaded schedule is provisional and names the year', () => {
  // investigation from Dec 15 2026: + 60 days = Sat Feb 13 2027; 2027 has no schedule: weekends only → Mon Feb 15
  assert.deepEqual(stepDueDay('investigation', '2026-12-15', cal), { day: '2027-02-15', provisional: [2027] });
  assert.deepEqual(stepDueDay('enforcement', '2026-12-15', cal), { day: null, provisional: [] });
  assert.deepEqual(stepDueDay('closed', '2026-12-15', cal), { day: null, provisional: [] });
});
