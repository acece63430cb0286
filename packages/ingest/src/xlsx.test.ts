import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readFile, writeTemplate, checkZip } from './index.ts';
import type { ReadItem } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-ingest-xlsx-'));
async function all(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> { const out = []; for await (const x of it) out.push(x); return out; }
const values = (items: ReadItem[]) => items.flatMap((i) => (i.ok ? [i.record.value as any] : []));
const errs = (items: ReadItem[]) => items.flatMap((i) => (i.ok ? [] : [[i.error.code, i.error.sheet, i.error.row, i.error.field]]));

for (const lang of ['zh', 'en'] as const) {
  test(`XLSX round trip (${lang}): template written with exceljs, rows filled, read back`, async () => {
    const buf = await writeTemplate('case', 'xlsx', lang);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    assert.deepEqual(names, lang === 'zh' ? ['案件', '事件', '说明'] : ['cases', 'events', 'notes']);
    const cases = wb.worksheets[0]!;
    const events = wb.worksheets[1]!;
    assert.ok(wb.worksheets[2]!.rowCount > 40);
    assert.ok(String(cases.getCell(1, 1).note ?? '').length > 0);
    const col = (ws: ExcelJS.Worksheet, path: string) => {
      const header = (ws.getRow(1).values as unknown[]).map(String);
      const zh = { 'violation.occurredOn': '违法行为发生日期', at: '发生时间', major: '重大执法决定', domain: '执法领域', id: '案件编号', agency: '执法主体编码', caseId: '案件编号', type: '事件类型', 'penalty.fine': '罚款金额' } as Record<string, string>;
      const i = header.indexOf(lang === 'zh' ? zh[path]! : path);
      assert.ok(i > 0, path);
      return i;
    };
    // a filled row with native Excel types: a Date for a date, a boolean, a number; and one bad row
    const r = cases.getRow(4);
    r.getCell(col(cases, 'id')).value = 'SJ-2026-000200';
    r.getCell(col(cases, 'agency')).value = '330100-SCJG';
    r.getCell(col(cases, 'domain')).value = lang === 'zh' ? '生态环境' : 'ecology';
    r.getCell(col(cases, 'violation.occurredOn')).value = new Date(Date.UTC(2026, 2, 1));
    r.getCell(col(cases, 'major')).value = true;
    r.commit();
    const bad = cases.getRow(5);
    bad.getCell(col(cases, 'id')).value = 'SJ-2026-000201';
    bad.getCell(col(cases, 'agency')).value = '330100-SCJG';
    bad.getCell(col(cases, 'domain')).value = 'space';
    bad.commit();
    const e = events.getRow(4);
    e.getCell(col(events, 'caseId')).value = 'SJ-2026-000200';
    e.getCell(col(events, 'type')).value = lang === 'zh' ? '立案' : 'case.opened';
    e.getCell(col(events, 'at')).value = new Date(Date.UTC(2026, 2, 9, 10, 0, 0));
    e.commit();
    const e2 = events.getRow(5);
    e2.getCell(col(events, 'caseId')).value = 'SJ-2026-000200';
    e2.getCell(col(events, 'type')).value = 'case.closed';
    e2.getCell(col(events, 'at')).value = '2026-05-09 10:00';
    e2.commit();
    const p = join(dir, `filled-${lang}.xlsx`);
    await wb.xlsx.writeFile(p);

    const items = await all(readFile(p));
    const sheetC = lang === 'zh' ? '案件' : 'cases';
    const sheetE = lang === 'zh' ? '事件' : 'events';
    assert.deepEqual(errs(items), [
      ['instant.offset-missing', sheetE, 5, 'at'],
      ['case.events-invalid', sheetC, 4, ''],
      ['enum.invalid', sheetC, 5, 'domain'],
    ]);
    const v = values(items);
    assert.deepEqual(v.map((c) => c.id), ['SJ-2026-000123', 'SJ-2026-000124']);
    assert.equal(v[0].events.length, 2);
    assert.equal(v[0].penalty.fine, 20000);
    const enumErr = items.find((i) => !i.ok && i.error.code === 'enum.invalid');
    assert.ok(enumErr && !enumErr.ok);
    assert.match(enumErr.error.message.zh, new RegExp(`^工作表「${sheetC}」 第 5 行 执法领域（domain）：取值 "space" 无效`));
    assert.match(enumErr.error.message.en, new RegExp(`^sheet "${sheetC}" row 5 domain \\(执法领域\\): invalid value "space"`));

    // fix the bad cells: the case reads, with the Date cells converted
    e2.getCell(col(events, 'at')).value = '2026-05-09T10:00:00+08:00';
    cases.spliceRows(5, 1);
    await wb.xlsx.writeFile(p);
    const v2 = values(await all(readFile(p)));
    const c = v2.find((x) => x.id === 'SJ-2026-000200');
    assert.ok(c, JSON.stringify(v2));
    assert.equal(c.domain, 'ecology');
    assert.equal(c.major, true);
    assert.equal(c.violation.occurredOn, '2026-03-01');
    assert.deepEqual(c.events.map((x: any) => [x.type, x.at]), [['case.opened', '2026-03-09T10:00:00+08:00'], ['case.closed', '2026-05-09T10:00:00+08:00']]);
  });
}

test('XLSX registry sheets stream; unknown sheets are reported', async () => {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('执法主体');
  a.addRow(['主体编码', '主体名称', '行政区划代码', '执法领域', '层级']);
  a.addRow(['A', '局', '330100', 'market', 'city']);
  const p = wb.addWorksheet('people');
  p.addRow(['code', 'name', 'agency', 'posts']);
  p.addRow(['P1', '王某', 'A', 'handler;承办人;reviewer']);
  const x = wb.addWorksheet('Sheet3');
  x.addRow(['foo', 'bar']);
  const path = join(dir, 'reg.xlsx');
  await wb.xlsx.writeFile(path);
  const items = await all(readFile(path));
  assert.deepEqual(items.filter((i) => i.ok).map((i) => i.ok && i.record.schema), ['kaohe.agency/v1', 'kaohe.person/v1']);
  assert.deepEqual(values(items)[1].posts, ['handler', 'handler', 'reviewer']);
  assert.deepEqual(errs(items), [['sheet.unknown', 'Sheet3', 1, '']]);
});

/** A one-entry ZIP; `declared` overrides the uncompressed size written in the headers. */
function zip(name: string, data: Buffer, declared = data.length): Buffer {
  const comp = deflateRawSync(data, { level: 9 });
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(n.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(crc, 16); cd.writeUInt32LE(comp.length, 20); cd.writeUInt32LE(declared, 24); cd.writeUInt16LE(n.length, 28);
  cd.writeUInt32LE(0, 42);
  const cdOffset = 30 + n.length + comp.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + n.length, 12); eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, comp, cd, n, eocd]);
}

test('zip bombs are refused: absurd ratio, a lying size header, a file over the size limit', async () => {
  const zeros = Buffer.alloc(50 * 1024 * 1024);
  const bomb = join(dir, 'bomb.xlsx');
  writeFileSync(bomb, zip('xl/worksheets/sheet1.xml', zeros));
  const items = await all(readFile(bomb));
  assert.equal(items.length, 1);
  assert.ok(!items[0]!.ok && items[0]!.error.code === 'zip.bomb');
  assert.ok(!items[0]!.ok && /压缩炸弹/.test(items[0]!.error.message.zh) && /zip bomb/.test(items[0]!.error.message.en));
  const liar = join(dir, 'liar.xlsx');
  writeFileSync(liar, zip('xl/worksheets/sheet1.xml', Buffer.alloc(5 * 1024 * 1024, 'a'), 1000));
  const r = await checkZip(liar);
  assert.equal(r?.code, 'zip.bomb');
  assert.match(String(r?.params?.detail), /inflates beyond its declared 1000 bytes/);
  const fine = join(dir, 'fine.zip');
  writeFileSync(fine, zip('a.xml', Buffer.from('<a/>')));
  assert.equal(await checkZip(fine), null);
  assert.equal((await checkZip(fine, { maxBytes: 10 }))?.code, 'file.too-large');
  const notZip = join(dir, 'not.xlsx');
  writeFileSync(notZip, 'hello');
  const nz = await all(readFile(notZip));
  assert.ok(!nz[0]!.ok && nz[0]!.error.code === 'zip.invalid');
});
