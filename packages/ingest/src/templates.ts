import ExcelJS from 'exceljs';
import { ENUM_LABELS, FIELD_DEFS, SHEET_NAMES } from './labels.ts';
import type { FieldDef, TableKind } from './labels.ts';

export type TemplateLang = 'zh' | 'en';

/** Realistic example rows of each kind (by English path). */
export const TEMPLATE_EXAMPLES: Record<TableKind, Record<string, string | number | boolean>[]> = {
  case: [
    {
      id: 'SJ-2026-000123', agency: '330100-SCJG', domain: 'market', procedure: 'general', 'party.type': 'org',
      'party.name': '某某食品有限公司', 'party.creditCode': '91330100MA2XXXXXX1', 'violation.item': 'SC-FOOD-124-1',
      'violation.occurredOn': '2026-02-20', 'violation.circumstance': 'general', 'violation.firstOffense': false,
      'violation.minor': false, 'violation.corrected': false, major: false, complex: false,
      'staff.handlers': 'P0101;P0102', 'staff.reviewer': 'P0150', 'staff.approver': 'P0190', 'penalty.kinds': 'fine',
      'penalty.fine': 20000, 'penalty.confiscated': 0,
    },
    {
      id: 'SJ-2026-000124', agency: '330100-SCJG', domain: 'market', procedure: 'simple', 'party.type': 'person',
      'party.name': '张某', 'violation.item': 'SC-PRICE-13-1', 'violation.occurredOn': '2026-03-05',
      'violation.circumstance': 'lighter', 'violation.firstOffense': true, 'staff.handlers': 'P0103;P0104',
      'penalty.kinds': 'warning',
    },
  ],
  event: [
    { caseId: 'SJ-2026-000123', agency: '330100-SCJG', id: 'e1', type: 'lead.registered', at: '2026-03-02T09:10:00+08:00', source: 'complaint' },
    { caseId: 'SJ-2026-000123', agency: '330100-SCJG', id: 'e2', type: 'case.opened', at: '2026-03-09T10:00:00+08:00', by: 'P0190' },
  ],
  record: [
    { kind: 'complaint', id: '12345-2026-0001', agency: '330100-SCJG', receivedAt: '2026-04-02T10:30:00+08:00', category: 'attitude', verified: false, caseId: 'SJ-2026-000123' },
    { kind: 'rating', id: 'HCP-2026-0001', agency: '330100-SCJG', at: '2026-05-09T15:00:00+08:00', score: 5, caseId: 'SJ-2026-000123' },
  ],
  agency: [
    { code: '330100-SCJG', name: '杭州市市场监督管理局', region: '330100', domain: 'market', level: 'city', parent: '330000-SCJG' },
    { code: '330106-SCJG', name: '杭州市西湖区市场监督管理局', region: '330106', domain: 'market', level: 'county', parent: '330100-SCJG' },
  ],
  person: [
    { code: 'P0101', name: '王某', agency: '330100-SCJG', posts: 'handler', 'credential.number': '33010012345', 'credential.validFrom': '2024-01-01', 'credential.validTo': '2028-12-31' },
    { code: 'P0150', name: '李某', agency: '330100-SCJG', posts: 'reviewer;handler', 'credential.number': '33010012346', 'credential.validFrom': '2023-07-01', 'credential.validTo': '2027-06-30' },
  ],
  item: [
    {
      code: 'SC-FOOD-124-1', name: '生产经营不符合食品安全标准的食品', domain: 'market', violatedArticle: '《食品安全法》第三十四条',
      penaltyArticle: '《食品安全法》第一百二十四条第一款', kinds: 'fine;confiscation', 'range.min': 50000, 'range.max': 100000,
      tiers: '[{"tier":"一般","min":50000,"max":80000,"circumstances":["general"]}]', issuer: '浙江省市场监督管理局', version: '2025', effective: '2025-01-01',
    },
  ],
  calendar: [
    { year: 2026, holidays: '2026-01-01;2026-01-02;2026-01-03', workdays: '2026-01-04', source: '国务院办公厅关于2026年部分节假日安排的通知' },
  ],
};

const typeNote: Record<FieldDef['type'], { zh: string; en: string }> = {
  string: { zh: '文本', en: 'text' }, number: { zh: '数字（≥ 0）', en: 'number (≥ 0)' },
  boolean: { zh: '是/否', en: 'true/false (是/否)' }, list: { zh: '列表，分号分隔', en: 'list, separated by ;' },
  date: { zh: '日期 YYYY-MM-DD', en: 'date YYYY-MM-DD' }, instant: { zh: '时间，带时区偏移', en: 'instant with offset' },
  json: { zh: 'JSON', en: 'JSON' },
};

function header(kind: TableKind, lang: TemplateLang): string[] {
  return FIELD_DEFS[kind].map((d) => (lang === 'zh' ? d.zh : d.path));
}
function exampleRows(kind: TableKind): (string | number | boolean)[][] {
  return TEMPLATE_EXAMPLES[kind].map((ex) => FIELD_DEFS[kind].map((d) => ex[d.path] ?? ''));
}

/** Quote a CSV cell when it holds a comma, quote, newline or leading/trailing space (RFC 4180). */
export function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A template for one record kind: a header row (Chinese labels or English paths) and example rows.
 * XLSX templates of `case` also hold the `events` sheet; every XLSX template has a notes sheet explaining each column.
 * CSV templates start with a UTF-8 BOM so that Excel opens the Chinese text correctly.
 */
export async function writeTemplate(kind: TableKind, format: 'csv' | 'xlsx', lang: TemplateLang = 'zh'): Promise<Buffer> {
  if (format === 'csv') {
    const lines = [header(kind, lang), ...exampleRows(kind)].map((r) => r.map(csvCell).join(','));
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  const kinds: TableKind[] = kind === 'case' ? ['case', 'event'] : [kind];
  const noteRows: (string | number)[][] = [];
  for (const k of kinds) {
    const sheetName = SHEET_NAMES[k][lang === 'zh' ? 1 : 0]!;
    const ws = wb.addWorksheet(sheetName);
    const defs = FIELD_DEFS[k];
    ws.addRow(header(k, lang)).font = { bold: true };
    for (const r of exampleRows(k)) ws.addRow(r);
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    defs.forEach((d, i) => {
      ws.getColumn(i + 1).width = Math.max(12, (lang === 'zh' ? d.zh.length * 2 : d.path.length) + 4);
      const enumText = d.enum ? Object.entries(ENUM_LABELS[d.enum] ?? {}).map(([c, z]) => `${c} ${z}`).join(lang === 'zh' ? '；' : '; ') : '';
      const note = [enumText, d.note ? d.note[lang] : ''].filter(Boolean).join(lang === 'zh' ? '。' : '. ');
      ws.getCell(1, i + 1).note = `${lang === 'zh' ? d.path : d.zh}${d.required ? (lang === 'zh' ? '（必填）' : ' (required)') : ''} — ${typeNote[d.type][lang]}${note ? `\n${note}` : ''}`;
      noteRows.push([sheetName, lang === 'zh' ? d.zh : d.path, d.path, d.required ? (lang === 'zh' ? '是' : 'yes') : '', typeNote[d.type][lang], note]);
    });
  }
  const notes = wb.addWorksheet(lang === 'zh' ? '说明' : 'notes');
  notes.columns = [
    { header: lang === 'zh' ? '工作表' : 'sheet', width: 12 },
    { header: lang === 'zh' ? '列名' : 'column', width: 22 },
    { header: lang === 'zh' ? '英文字段' : 'field', width: 22 },
    { header: lang === 'zh' ? '必填' : 'required', width: 8 },
    { header: lang === 'zh' ? '类型' : 'type', width: 18 },
    { header: lang === 'zh' ? '取值/说明' : 'values / notes', width: 80 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const r of noteRows) notes.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
