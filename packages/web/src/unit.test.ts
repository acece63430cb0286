/** Unit tests of the DOM-free parts of the web app (node test runner). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { zh } from './i18n/zh.ts';
import { en } from './i18n/en.ts';
import { fill, pickLocalized } from './i18n/core.ts';
import { homeEn, homeZh } from './pages/home/messages.ts';
import { regEn, regZh } from './pages/registries/messages.ts';
import { setsEn, setsZh } from './pages/assessments/sets-i18n.ts';
import { asPage, exportUrl, qs } from './api.ts';
import { parseHash } from './router.ts';
import { csvCell, errorsCsv, isTerminal } from './pages/imports/types.ts';
import { normaliseCase } from './pages/cases/types.ts';
import { fmtDate, fmtDateTime } from './format.ts';
import { domainMeans, fmtChange, fmtFigure, periodsOf, scoreColor } from './pages/assessments/figures.ts';

describe('i18n', () => {
  const catalogues: [string, Record<string, string>, Record<string, string>][] = [
    ['app', zh, en], ['role homes', homeZh, homeEn], ['registries', regZh, regEn], ['indicator sets', setsZh, setsEn],
  ];
  const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
  for (const [name, zhCat, enCat] of catalogues) {
    it(`${name}: the same keys in both languages, none empty, the same placeholders`, () => {
      assert.deepEqual(Object.keys(enCat).sort(), Object.keys(zhCat).sort());
      for (const k of Object.keys(zhCat)) {
        assert.ok(zhCat[k]!.trim() && enCat[k]!.trim(), `${name} ${k} empty`);
        assert.equal(ph(enCat[k]!), ph(zhCat[k]!), `${name} ${k}`);
      }
    });
  }
  it('fills placeholders and picks the server message of the language', () => {
    assert.equal(fill('共 {n} 条', { n: 3 }), '共 3 条');
    assert.equal(pickLocalized({ zh: '中', en: 'en' }, 'en'), 'en');
    assert.equal(pickLocalized({ zh: '中' }, 'en'), '中');
    assert.equal(pickLocalized('raw', 'zh'), 'raw');
  });
});

describe('api helpers', () => {
  it('builds queries without empty values and exports without paging', () => {
    assert.equal(qs({ a: 1, b: '', c: undefined, d: 'x y' }), '?a=1&d=x+y');
    assert.equal(exportUrl('/warnings', { page: 2, pageSize: 20, agency: 'A' }), '/api/v1/warnings?agency=A&format=xlsx');
    assert.deepEqual(asPage([1, 2]), { items: [1, 2], total: 2, page: 1, pageSize: 2 });
  });
  it('parses hash routes', () => {
    const r = parseHash('#/cases/330100-SCJG/SJ-2026%2F1?x=1');
    assert.deepEqual(r.parts, ['cases', '330100-SCJG', 'SJ-2026/1']);
    assert.equal(r.params.get('x'), '1');
  });
});

describe('dates', () => {
  it('shows 2026年5月13日 in Chinese and May 13, 2026 in English, in Asia/Shanghai', () => {
    assert.equal(fmtDate('2026-05-13', 'zh'), '2026年5月13日');
    assert.equal(fmtDate('2026-05-13', 'en'), 'May 13, 2026');
    // 16:30 UTC on the 12th is 00:30 on the 13th in Shanghai
    assert.equal(fmtDateTime('2026-05-12T16:30:00Z', 'zh'), '2026年5月13日 00:30');
  });
});

describe('import row errors', () => {
  it('neutralises formulas and quotes CSV cells', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('a,b'), '"a,b"');
    const csv = errorsCsv([{ file: 'a.csv', line: 2, field: 'procedure', code: 'enum', message: { zh: '取值无效', en: 'invalid value' } }], ['f', 's', 'l', 'fd', 'c', 'm'], (m) => pickLocalized(m, 'en'));
    assert.ok(csv.startsWith('\uFEFF'));
    assert.match(csv, /a\.csv,,2,procedure,enum,invalid value/);
    assert.ok(isTerminal('committed') && !isTerminal('running'));
  });
});

describe('case normalisation', () => {
  it('attaches findings to their events', () => {
    const c = normaliseCase({ case: { id: 'X', agency: 'A' }, events: [{ id: 'e1', type: 'case.opened', at: '2026-01-01T00:00:00+08:00' }], findings: [{ rule: 'r', status: 'violated', eventId: 'e1' }] });
    assert.equal(c.events[0]!.findings![0]!.rule, 'r');
  });
});

describe('assessment figures', () => {
  it('formats rates as percentages and other scales as numbers', () => {
    assert.equal(fmtFigure(0.9812), '98.1%');
    assert.equal(fmtFigure(1.24, 100), '1.24');
    assert.equal(fmtFigure(null), '—');
    assert.equal(fmtChange(-0.2), '−20.0%');
    assert.equal(fmtChange(0.15), '+15.0%');
    assert.equal(fmtChange(null), '—');
  });
  it('colours scores by band and lists the periods of a year', () => {
    assert.notEqual(scoreColor(95), scoreColor(50));
    assert.equal(scoreColor(null), '#bfbfbf');
    assert.deepEqual(periodsOf(2026).slice(-3), ['2026H1', '2026H2', '2026']);
  });
  it('averages scores per domain, best first, skipping departments without a score', () => {
    const m = domainMeans([{ domain: 'market', score: 80 }, { domain: 'market', score: 90 }, { domain: 'ecology', score: 95 }, { domain: 'ecology', score: null }]);
    assert.deepEqual(m.map((d) => [d.domain, d.mean, d.n]), [['ecology', 95, 1], ['market', 85, 2]]);
  });
});
