import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LegalCalendar, chinaCalendar, fromDayNumber, toDayNumber } from '../calendar/index.ts';
import { creditCodeCheck, idCheckDigit, isValidCreditCode, isValidIdNumber, makeCreditCode, makeIdNumber, orgCodeCheck } from './ids.ts';
import { Rng, deriveSeed } from './rng.ts';
import { SynthProvince } from './province.ts';

test('GB 11643 check digit: the standard example and generated numbers', () => {
  assert.equal(idCheckDigit('11010519491231002'), 'X'); // GB 11643-1999 appendix example
  assert.ok(isValidIdNumber('11010519491231002X'));
  assert.ok(!isValidIdNumber('110105194912310021'));
  assert.ok(!isValidIdNumber('11010519490231002X'.slice(0, 17) + idCheckDigit('11010519490231002'))); // 31 February
  const rng = new Rng(1);
  for (let k = 0; k < 1000; k++) assert.ok(isValidIdNumber(makeIdNumber('330102', `19${rng.int(50, 99)}0${rng.int(1, 9)}1${rng.int(0, 9)}`, rng.int(0, 999))));
});

test('GB 11714 / GB 32100 check characters', () => {
  // a published enterprise code (Shenzhen, 91440300 71526726-X, check G)
  assert.equal(orgCodeCheck('71526726'), 'X');
  assert.equal(creditCodeCheck('9144030071526726X'), 'G');
  assert.ok(isValidCreditCode('9144030071526726XG'));
  const code = makeCreditCode('91', '330100', 'MA2ABCDE');
  assert.ok(isValidCreditCode(code), code);
  assert.equal(code[17], creditCodeCheck(code.slice(0, 17)));
  assert.ok(!isValidCreditCode(code.slice(0, 17) + (code[17] === '0' ? '1' : '0')));
});

test('working days of 2026 as the generator counts them (LegalCalendar day numbers)', () => {
  const cal = chinaCalendar();
  const d = toDayNumber;
  const iso = fromDayNumber;
  // Labour Day 1–5 May, make-up working Saturday 9 May; the start day is excluded
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-04-28'), 7)), '2026-05-11');
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-04-30'), 1)), '2026-05-06');
  // Spring Festival 15–23 Feb, make-up 14 and 28 Feb
  assert.ok(cal.isWorkingDayNum(d('2026-02-14')) && !cal.isWorkingDayNum(d('2026-02-16')));
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-02-13'), 1)), '2026-02-14');
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-02-14'), 1)), '2026-02-24');
  assert.equal(cal.workingDaysBetweenNum(d('2026-04-28'), d('2026-05-11')), 7);
  // 90 calendar days rolled forward off the National Day holiday
  assert.equal(iso(cal.rollForwardNum(d('2026-07-03') + 90)), '2026-10-08');
  // the last working day on or before a day (the generator's extension date): addWorkingDaysNum(day + 1, -1)
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-10-07') + 1, -1)), '2026-09-30');
  assert.equal(iso(cal.addWorkingDaysNum(d('2026-10-10') + 1, -1)), '2026-10-10');
});

test('the calendar is an argument: the province record and the dates follow the LegalCalendar given', () => {
  // chinese-days: statutory holidays only (not ordinary weekends), make-up days only on weekends
  const cn = new SynthProvince({ seed: 5, year: 2026, cases: 0 }, chinaCalendar()).calendar;
  assert.ok(cn.holidays.includes('2026-02-16') && !cn.holidays.includes('2026-03-07'));
  assert.equal(cn.holidays.length, 33);
  // a made-up schedule: every Wednesday of 2030 a holiday, the first Saturday of each month a working day
  const holidays: string[] = [], workdays: string[] = [];
  for (let n = toDayNumber('2030-01-01'); n <= toDayNumber('2030-12-31'); n++) {
    const date = fromDayNumber(n), wd = ((((n + 3) % 7) + 7) % 7) + 1;
    if (wd === 3) holidays.push(date);
    if (wd === 6 && Number(date.slice(8)) <= 7) workdays.push(date);
  }
  const cal = new LegalCalendar([{ year: 2030, holidays, workdays, source: 'test' }]);
  const p = new SynthProvince({ seed: 5, year: 2030, cases: 400 }, cal);
  assert.deepEqual([p.calendar.holidays, p.calendar.workdays], [holidays, workdays]);
  for (const c of p.cases()) for (const e of c.doc.events) {
    if (c.doc.procedure === 'general') assert.ok(cal.isWorkingDay(e.at.slice(0, 10)), `${c.doc.id} ${e.type} on ${e.at}`);
  }
});

test('seed derivation: stable and sensitive to every part', () => {
  assert.equal(deriveSeed(7, 'case', 1), deriveSeed(7, 'case', 1));
  assert.notEqual(deriveSeed(7, 'case', 1), deriveSeed(7, 'case', 2));
  assert.notEqual(deriveSeed(7, 'case', 1), deriveSeed(8, 'case', 1));
  assert.notEqual(deriveSeed(2 ** 40, 'x'), deriveSeed(0, 'x'));
  const r = new Rng(deriveSeed(1));
  let s = 0;
  for (let k = 0; k < 10000; k++) s += r.next();
  assert.ok(Math.abs(s / 10000 - 0.5) < 0.02);
});
