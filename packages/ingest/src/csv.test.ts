import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile, writeTemplate, FIELD_LABELS, csvCell } from './index.ts';
import type { ReadItem } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-ingest-csv-'));
async function all(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> { const out = []; for await (const x of it) out.push(x); return out; }
const errs = (items: ReadItem[]) => items.flatMap((i) => (i.ok ? [] : [[i.error.code, i.error.line, i.error.field, i.error.file.split('/').pop()]]));
const values = (items: ReadItem[]) => items.flatMap((i) => (i.ok ? [i.record.value as any] : []));

const CASES_EN = `id,agency,domain,procedure,party.type,party.name,violation.occurredOn,major,staff.handlers,penalty.kinds,penalty.fine,sourceRef
SJ-1,330100-SCJG,market,general,org,"某某食品有限公司, 分公司",2026-02-20,否,P0101;P0102,fine;warning,"20,000",X-9
SJ-2,330100-SCJG,市场监管,简易程序,自然人,张某,2026-03-05,false,P0103,警告,,
`;
const EVENTS_EN = `caseId,agency,id,type,at,by,penalty.kinds,penalty.fine,method
SJ-1,330100-SCJG,e1,case.opened,2026-03-09T10:00:00+08:00,P0190,,,
SJ-2,330100-SCJG,e1,立案,2026-03-06T10:00:00+08:00,,,,
SJ-1,330100-SCJG,e2,decision.made,2026-04-30T10:00:00+08:00,P0190,fine,20000,
SJ-1,330100-SCJG,e3,decision.served,2026-05-08T10:00:00+08:00,,,,direct
`;

test('cases CSV joined with events CSV (English headers, Chinese enum labels, lists, unknown column kept)', async () => {
  writeFileSync(join(dir, 'cases.csv'), CASES_EN);
  writeFileSync(join(dir, 'events.csv'), EVENTS_EN);
  const items = await all(readFile(join(dir, 'cases.csv'), { events: join(dir, 'events.csv') }));
  assert.deepEqual(errs(items), []);
  const [a, b] = values(items);
  assert.equal(a.party.name, '某某食品有限公司, 分公司');
  assert.deepEqual(a.staff.handlers, ['P0101', 'P0102']);
  assert.deepEqual(a.penalty, { kinds: ['fine', 'warning'], fine: 20000 });
  assert.equal(a.major, false);
  assert.deepEqual(a.extra, { sourceRef: 'X-9' });
  assert.deepEqual(a.events.map((e: any) => e.id), ['e1', 'e2', 'e3']);
  assert.deepEqual(a.events[1].penalty, { kinds: ['fine'], fine: 20000 });
  assert.equal(b.domain, 'market');
  assert.equal(b.procedure, 'simple');
  assert.deepEqual(b.penalty, { kinds: ['warning'] });
  assert.equal(b.events[0].type, 'case.opened');
  assert.deepEqual(items[0]!.ok && items[0]!.source, { file: join(dir, 'cases.csv'), line: 2, row: 2 });
});

test('Chinese headers give the same records as English ones', async () => {
  const zh = (csv: string, kind: 'case' | 'event') => {
    const [head, ...rest] = csv.split('\n');
    return [head!.split(',').map((h) => FIELD_LABELS[kind][h] ?? h).join(','), ...rest].join('\n');
  };
  writeFileSync(join(dir, '案件.csv'), zh(CASES_EN, 'case'));
  writeFileSync(join(dir, '事件.csv'), zh(EVENTS_EN, 'event'));
  assert.match(zh(CASES_EN, 'case'), /^案件编号,执法主体编码,执法领域/);
  const en = values(await all(readFile(join(dir, 'cases.csv'), { events: join(dir, 'events.csv') })));
  const cn = values(await all(readFile(join(dir, '案件.csv'), { events: join(dir, '事件.csv') })));
  assert.deepEqual(cn, en);
});

test('bad CSV rows: enum, date, missing field, instant offset, duplicate event id, unknown case, case rejected as a whole', async () => {
  writeFileSync(join(dir, 'bad-cases.csv'), `案件编号,执法主体编码,执法领域,违法行为发生日期,罚款金额,处罚种类
SJ-1,330100-SCJG,火星,2026-02-20,100,罚款
SJ-2,330100-SCJG,market,2026-02-30,,
SJ-3,,market,,,
"SJ-4",330100-SCJG,market,2026-01-01,-5,罚款
SJ-5,330100-SCJG,market,2026-01-01,,
`);
  writeFileSync(join(dir, 'bad-events.csv'), `案件编号,事件编号,事件类型,发生时间,备注
SJ-5,e1,立案,2026-03-09T10:00:00,
SJ-5,e2,decision.made,2026-04-30T10:00:00+08:00,"two
lines"
SJ-5,e2,decision.served,2026-05-08T10:00:00+08:00,
SJ-9,e1,case.opened,2026-05-08T10:00:00+08:00,
`);
  const items = await all(readFile(join(dir, 'bad-cases.csv'), { events: join(dir, 'bad-events.csv') }));
  assert.equal(items.filter((i) => i.ok).length, 0);
  assert.deepEqual(errs(items), [
    ['instant.offset-missing', 2, 'at', 'bad-events.csv'],
    ['duplicate.event-id', 5, 'id', 'bad-events.csv'],
    ['enum.invalid', 2, 'domain', 'bad-cases.csv'],
    ['date.invalid', 3, 'violation.occurredOn', 'bad-cases.csv'],
    ['field.required', 4, 'agency', 'bad-cases.csv'],
    ['number.negative', 5, 'penalty.fine', 'bad-cases.csv'],
    ['case.events-invalid', 6, '', 'bad-cases.csv'],
    ['case.unknown', 6, 'caseId', 'bad-events.csv'],
  ]);
  const e = items.find((i) => !i.ok && i.error.code === 'enum.invalid');
  assert.ok(e && !e.ok);
  assert.equal(e.error.message.zh, '第 2 行 执法领域（domain）：取值 "火星" 无效，可选值：market、ecology、transport、urban、emergency、agriculture、culture、health、other');
  assert.equal(e.error.message.en, 'line 2 domain (执法领域): invalid value "火星"; allowed: market, ecology, transport, urban, emergency, agriculture, culture, health, other');
  const d = items.find((i) => !i.ok && i.error.code === 'date.invalid');
  assert.ok(d && !d.ok && d.error.message.zh.startsWith('第 3 行 违法行为发生日期（violation.occurredOn）：日期 "2026-02-30" 无效'));
});

test('an events CSV alone streams cases grouped by consecutive case id; missing event id is derived', async () => {
  writeFileSync(join(dir, 'only-events.csv'), `caseId,agency,type,at
A,AG,case.opened,2026-03-09T10:00:00+08:00
A,AG,case.closed,2026-05-09T10:00:00+08:00
B,AG,case.opened,2026-03-10T10:00:00+08:00
`);
  const v = values(await all(readFile(join(dir, 'only-events.csv'))));
  assert.deepEqual(v.map((c) => [c.id, c.agency, c.events.map((e: any) => e.id)]), [
    ['A', 'AG', ['case.opened@2026-03-09T10:00:00+08:00', 'case.closed@2026-05-09T10:00:00+08:00']],
    ['B', 'AG', ['case.opened@2026-03-10T10:00:00+08:00']],
  ]);
});

test('registry CSVs are detected from the header; a bad region is reported; header problems', async () => {
  writeFileSync(join(dir, 'a.csv'), `主体编码,主体名称,行政区划代码,执法领域,层级\nA,杭州市市场监督管理局,330100,市场监管,市级\nB,某局,3301,market,county\n`);
  const items = await all(readFile(join(dir, 'a.csv')));
  assert.equal(values(items)[0].level, 'city');
  assert.deepEqual(errs(items), [['region.invalid', 3, 'region', 'a.csv']]);
  writeFileSync(join(dir, 'people.csv'), `code,name,agency\nP1,王某,A\n`);
  assert.deepEqual(errs(await all(readFile(join(dir, 'people.csv')))), [['header.missing', 1, 'posts', 'people.csv']]);
  writeFileSync(join(dir, 'x.csv'), `foo,bar\n1,2\n`);
  assert.deepEqual(errs(await all(readFile(join(dir, 'x.csv')))), [['header.unknown-kind', 1, '', 'x.csv']]);
  writeFileSync(join(dir, 'q.csv'), `code,name,region,domain,level\n"A,B,330100,market,city\n`);
  assert.equal(errs(await all(readFile(join(dir, 'q.csv'))))[0]![0], 'csv.syntax');
});

test('CSV templates: BOM, header in either language, example rows that read back valid', async () => {
  for (const kind of ['case', 'record', 'agency', 'person', 'item', 'calendar'] as const) {
    for (const lang of ['zh', 'en'] as const) {
      const buf = await writeTemplate(kind, 'csv', lang);
      assert.equal(buf.subarray(0, 3).toString('hex'), 'efbbbf');
      const p = join(dir, `tpl-${kind}-${lang}.csv`);
      writeFileSync(p, buf);
      const items = await all(readFile(p));
      assert.deepEqual(errs(items), [], `${kind} ${lang}`);
      assert.ok(values(items).length >= 1);
    }
  }
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  assert.equal(csvCell('plain'), 'plain');
});
