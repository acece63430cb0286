import type { Message } from '@kaohe/core';

/** Where a record came from in its file. `line` is the text line (JSON, JSONL, CSV, XES), `row` the record number
 * (CSV/XLSX: spreadsheet row, header = row 1; JSON array: element number), `sheet` the XLSX sheet name. */
export interface SourceRef {
  file: string;
  line?: number;
  row?: number;
  sheet?: string;
}

/** One problem with one record (row/line), with a stable code and a message in both languages. */
export interface RowError extends SourceRef {
  /** dotted path of the offending field, e.g. `events[3].at`; '' for the record as a whole */
  field: string;
  /** stable id, e.g. `field.required`, `enum.invalid`, `date.invalid`, `instant.offset-missing`, `json.syntax` */
  code: string;
  message: Message;
}

/** A validation issue before it is placed in a file. */
export interface Issue {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** The value of a personal-data field in an error text (issue 12, item 10): never echoed, only said to be withheld. */
class Withheld {
  toString(): string {
    return '***';
  }
}
const WITHHELD = new Withheld();

/** Fields whose values are personal data (an ID number, a phone, a natural person's name or address). */
export function isPersonalField(field: string): boolean {
  const path = field.replace(/\[\d+\]/g, '');
  const last = path.split('.').pop() ?? '';
  return last === 'idNumber' || last === 'phone' || path === 'party.name' || path === 'party.address';
}

const fmt = (v: unknown): string => {
  if (v instanceof Withheld) return '(personal data, not shown)';
  if (v === undefined) return '(empty)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
const fmtZh = (v: unknown): string => (v instanceof Withheld ? '（个人信息，不予显示）' : v === undefined ? '（空）' : fmt(v));
const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const listZh = (v: unknown): string => (Array.isArray(v) ? v.join('、') : String(v ?? ''));

type Render = (p: Record<string, unknown>) => Message;

/** The message catalogue: one entry per stable code. Messages say what is wrong and how to fix it. */
export const MESSAGES: Record<string, Render> = {
  'field.required': () => ({ zh: '必填字段缺失或为空', en: 'required field is missing or empty' }),
  'type.invalid': (p) => ({
    zh: `类型错误：应为${typeZh(p.expected)}，实际为 ${fmtZh(p.value)}`,
    en: `wrong type: expected ${p.expected}, got ${fmt(p.value)}`,
  }),
  'number.invalid': (p) => ({ zh: `应为数字，实际为 ${fmtZh(p.value)}`, en: `must be a number, got ${fmt(p.value)}` }),
  'number.negative': (p) => ({ zh: `数值不能为负数，实际为 ${p.value}`, en: `must be ≥ 0, got ${p.value}` }),
  'number.range': (p) => ({
    zh: `数值应在 ${p.min} 到 ${p.max} 之间，实际为 ${fmtZh(p.value)}`,
    en: `must be between ${p.min} and ${p.max}, got ${fmt(p.value)}`,
  }),
  'number.integer': (p) => ({ zh: `应为整数，实际为 ${fmtZh(p.value)}`, en: `must be an integer, got ${fmt(p.value)}` }),
  'boolean.invalid': (p) => ({
    zh: `应为是/否（true/false），实际为 ${fmtZh(p.value)}`,
    en: `must be true/false (是/否), got ${fmt(p.value)}`,
  }),
  'enum.invalid': (p) => ({
    zh: `取值 ${fmtZh(p.value)} 无效，可选值：${listZh(p.allowed)}`,
    en: `invalid value ${fmt(p.value)}; allowed: ${list(p.allowed)}`,
  }),
  'date.invalid': (p) => ({
    zh: `日期 ${fmtZh(p.value)} 无效，须为真实存在的日期，格式 YYYY-MM-DD，如 2026-03-02`,
    en: `invalid date ${fmt(p.value)}: must be a real calendar date as YYYY-MM-DD, e.g. 2026-03-02`,
  }),
  'instant.invalid': (p) => ({
    zh: `时间 ${fmtZh(p.value)} 无效，须为 ISO-8601 格式并带时区偏移，如 2026-03-02T09:10:00+08:00`,
    en: `invalid instant ${fmt(p.value)}: must be ISO-8601 with an offset, e.g. 2026-03-02T09:10:00+08:00`,
  }),
  'instant.offset-missing': (p) => ({
    zh: `时间必须带时区偏移，如 2026-03-02T09:10:00+08:00（实际为 ${fmtZh(p.value)}）`,
    en: `instant must carry an offset, e.g. 2026-03-02T09:10:00+08:00 (got ${fmt(p.value)})`,
  }),
  'region.invalid': (p) => ({
    zh: `行政区划代码应为 6 位数字，如 330100，实际为 ${fmtZh(p.value)}`,
    en: `region must be a 6-digit administrative division code, e.g. 330100, got ${fmt(p.value)}`,
  }),
  'year.invalid': (p) => ({ zh: `年份无效：${fmtZh(p.value)}`, en: `invalid year: ${fmt(p.value)}` }),
  'date.year-mismatch': (p) => ({
    zh: `日期 ${p.value} 不在 ${p.year} 年内`,
    en: `date ${p.value} is not in year ${p.year}`,
  }),
  'range.reversed': (p) => ({
    zh: `起始值 ${p.from} 晚于（大于）截止值 ${p.to}`,
    en: `start ${p.from} is after (greater than) end ${p.to}`,
  }),
  'duplicate.event-id': (p) => ({
    zh: `事件编号 ${fmtZh(p.value)} 在本案件中重复（首次出现于 ${p.first}）`,
    en: `event id ${fmt(p.value)} is repeated within the case (first at ${p.first})`,
  }),
  'event-type.unknown': (p) => ({
    zh: `未知的事件类型 ${fmtZh(p.value)}；kaohe.case/v1 只接受规范列出的类型，如 case.opened、decision.made`,
    en: `unknown event type ${fmt(p.value)}; kaohe.case/v1 accepts only the listed types, e.g. case.opened, decision.made`,
  }),
  'record.not-object': (p) => ({
    zh: `记录必须是 JSON 对象，实际为 ${p.type}`,
    en: `a record must be a JSON object, got ${p.type}`,
  }),
  'schema.missing': () => ({
    zh: '缺少 schema 字段（如 "kaohe.case/v1"），且未指定默认类型',
    en: 'missing "schema" (e.g. "kaohe.case/v1") and no default schema was given',
  }),
  'schema.unknown': (p) => ({
    zh: `未知的 schema ${fmtZh(p.value)}，可选：${listZh(p.allowed)}`,
    en: `unknown schema ${fmt(p.value)}; allowed: ${list(p.allowed)}`,
  }),
  'json.syntax': (p) => ({ zh: `JSON 语法错误：${p.detail}`, en: `JSON syntax error: ${p.detail}` }),
  'json.truncated': () => ({
    zh: 'JSON 文件不完整：数组或对象没有正确结束',
    en: 'JSON file is truncated: an array or object is not closed',
  }),
  'json.top-level': (p) => ({
    zh: `JSON 文件顶层必须是数组或对象，实际以 ${fmtZh(p.value)} 开头`,
    en: `a JSON file must hold an array or an object, it starts with ${fmt(p.value)}`,
  }),
  'record.too-large': (p) => ({
    zh: `单条记录超过 ${p.limit} 字节上限，已跳过`,
    en: `record exceeds the ${p.limit}-byte limit; skipped`,
  }),
  'csv.syntax': (p) => ({ zh: `CSV 格式错误，文件其余部分未读取：${p.detail}`, en: `CSV syntax error, the rest of the file was not read: ${p.detail}` }),
  'xml.syntax': (p) => ({ zh: `XML 语法错误：${p.detail}`, en: `XML syntax error: ${p.detail}` }),
  'xml.doctype-ignored': () => ({
    zh: '文件含 DOCTYPE 声明：出于安全原因不解析 DTD，也不展开任何实体',
    en: 'file has a DOCTYPE: for safety the DTD is not processed and no entity is expanded',
  }),
  'xes.trace-id-missing': () => ({
    zh: 'trace 缺少 concept:name（案件编号）',
    en: 'trace has no concept:name (the case id)',
  }),
  'file.unsupported': (p) => ({
    zh: `不支持的文件类型：${p.value}；支持 .json .jsonl .ndjson .csv .xlsx .xes .xes.gz`,
    en: `unsupported file type: ${p.value}; supported: .json .jsonl .ndjson .csv .xlsx .xes .xes.gz`,
  }),
  'file.unreadable': (p) => ({ zh: `无法读取文件：${p.detail}`, en: `cannot read file: ${p.detail}` }),
  'file.too-large': (p) => ({
    zh: `文件大小 ${p.size} 字节超过上限 ${p.limit} 字节`,
    en: `file size ${p.size} bytes exceeds the limit of ${p.limit} bytes`,
  }),
  'zip.invalid': (p) => ({ zh: `不是有效的 XLSX（ZIP）文件：${p.detail}`, en: `not a valid XLSX (ZIP) file: ${p.detail}` }),
  'zip.bomb': (p) => ({
    zh: `XLSX 压缩包异常（疑似压缩炸弹）：${p.detailZh}`,
    en: `XLSX archive refused (suspected zip bomb): ${p.detail}`,
  }),
  'xlsx.unreadable': (p) => ({ zh: `XLSX 读取失败：${p.detail}`, en: `XLSX could not be read: ${p.detail}` }),
  'sheet.unknown': (p) => ({
    zh: `无法识别工作表 ${fmtZh(p.value)} 的记录类型；请使用 案件/事件/外部记录/执法主体/人员/执法事项/日历 等表名或标准表头`,
    en: `cannot tell the record kind of sheet ${fmt(p.value)}; name it cases/events/records/agencies/people/items/calendar or use the template headers`,
  }),
  'header.unknown-kind': () => ({
    zh: '无法从表头识别记录类型，请使用模板表头或指定 kind',
    en: 'cannot tell the record kind from the header; use the template header or pass the kind option',
  }),
  'header.missing': (p) => ({
    zh: `表头缺少必需列 ${p.label}（${p.value}）`,
    en: `header lacks the required column ${p.value} (${p.label})`,
  }),
  'json.cell': (p) => ({
    zh: `单元格应为 JSON，解析失败：${p.detail}`,
    en: `cell must hold JSON, parse failed: ${p.detail}`,
  }),
  'case.unknown': (p) => ({
    zh: `事件引用的案件 ${fmtZh(p.value)} 不在案件表中`,
    en: `event refers to case ${fmt(p.value)}, which is not in the cases sheet/file`,
  }),
  'case.events-invalid': (p) => ({
    zh: `案件的 ${p.count} 条事件有错误（见事件表对应行），整个案件未导入`,
    en: `${p.count} event row(s) of this case have errors (see the events rows); the case is rejected as a whole`,
  }),
  'value.invalid': (p) => ({ zh: `取值无效：${p.detail}`, en: `invalid value: ${p.detail}` }),
};

function typeZh(t: unknown): string {
  const m: Record<string, string> = { string: '文本', number: '数字', boolean: '布尔值（是/否）', array: '列表', object: '对象' };
  return m[String(t)] ?? String(t);
}

/** Render an issue at a place in a file into a RowError with zh/en text prefixed by its location. */
export function toRowError(src: SourceRef, issue: Issue, label?: string): RowError {
  const render = MESSAGES[issue.code] ?? ((p: Record<string, unknown>) => ({ zh: String(p.detail ?? issue.code), en: String(p.detail ?? issue.code) }));
  // the value of a personal-data field is not repeated in the text (row errors are stored with the batch and shown)
  const params = issue.params && isPersonalField(issue.field) && 'value' in issue.params ? { ...issue.params, value: WITHHELD } : issue.params;
  const body = render(params ?? {});
  const whereZh: string[] = [];
  const whereEn: string[] = [];
  if (src.sheet !== undefined) { whereZh.push(`工作表「${src.sheet}」`); whereEn.push(`sheet "${src.sheet}"`); }
  if (src.row !== undefined && src.sheet !== undefined) { whereZh.push(`第 ${src.row} 行`); whereEn.push(`row ${src.row}`); }
  else if (src.line !== undefined) { whereZh.push(`第 ${src.line} 行`); whereEn.push(`line ${src.line}`); }
  else if (src.row !== undefined) { whereZh.push(`第 ${src.row} 条`); whereEn.push(`record ${src.row}`); }
  const f = issue.field ? (label ? `${label}（${issue.field}）` : issue.field) : '';
  const fEn = issue.field ? (label ? `${issue.field} (${label})` : issue.field) : '';
  const zh = `${[whereZh.join(' '), f].filter(Boolean).join(' ')}：${body.zh}`;
  const en = `${[whereEn.join(' '), fEn].filter(Boolean).join(' ')}: ${body.en}`;
  return { ...src, field: issue.field, code: issue.code, message: { zh: zh.replace(/^：/, ''), en: en.replace(/^: /, '') } };
}
