/** The registry pages' form helpers (no DOM). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calendarFromFile, fieldPath, parseDates, serverFieldErrors } from './forms.ts';

describe('registry form helpers', () => {
  it('turns server field paths into form name paths', () => {
    assert.deepEqual(fieldPath('credential.validTo'), ['credential', 'validTo']);
    assert.deepEqual(fieldPath('tiers[1].max'), ['tiers', 1, 'max']);
    assert.deepEqual(fieldPath('body.tiers[0].circumstances[2]'), ['tiers', 0, 'circumstances', 2]);
  });
  it('places server errors under the nearest field of the form, in the current language', () => {
    const details = [
      { field: 'credential.validTo', code: 'range.reversed', reason: { zh: '执法证有效期止：起始值晚于截止值', en: 'Credential valid to: start after end' } },
      { field: 'credential.domains[0]', code: 'enum.invalid', reason: { zh: '执法领域：取值无效', en: 'Enforcement domains: invalid' } },
      { field: 'tiers[1].max', code: 'x', reason: { zh: '上限超出', en: 'max outside' } },
      { field: '', code: 'y', reason: { zh: '整体错误', en: 'whole' } },
    ];
    const r = serverFieldErrors(details, (m) => (typeof m === 'string' ? m : m?.en ?? ''), ['credential.validTo', 'credential.domains', 'tiers.#.max']);
    assert.deepEqual(r.fields, [
      { name: ['credential', 'validTo'], errors: ['Credential valid to: start after end'] },
      { name: ['credential', 'domains'], errors: ['Enforcement domains: invalid'] },
      { name: ['tiers', 1, 'max'], errors: ['max outside'] },
    ]);
    assert.deepEqual(r.other, ['whole']);
  });
  it('parses pasted date lists and kaohe.calendar/v1 files', () => {
    assert.deepEqual(parseDates('2027-01-01\n2027-01-02, 2027-01-03、2027-02-06；'), ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06']);
    const c = { schema: 'kaohe.calendar/v1', year: 2027, holidays: ['2027-01-01'], workdays: ['2027-02-20'], source: '国办发明电' };
    assert.deepEqual(calendarFromFile(JSON.stringify(c)), { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-02-20'], source: '国办发明电' });
    assert.equal(calendarFromFile(`{"schema":"kaohe.agency/v1","code":"A"}\n${JSON.stringify(c)}\n`).year, 2027);
    assert.throws(() => calendarFromFile('{"schema":"kaohe.case/v1"}'), /no kaohe.calendar/);
  });
});
