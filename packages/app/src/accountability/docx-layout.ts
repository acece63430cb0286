/**
 * Official documents laid out to GB/T 9704-2012 (党政机关公文格式): A4 (210 × 297 mm), margins top 37 mm, bottom 35 mm,
 * left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋_GB2312 with a FangSong fallback, 22 lines of 28 characters (fixed 28.95 pt
 * line pitch); level-1 headings 3号 黑体; the title 2号 (22 pt) 方正小标宋简体 (a bold 宋体 where it is not installed);
 * the 发文字号 centred under the issuer's mark; the issuer and the date (2026年5月13日) at the end, right-aligned;
 * page numbers 4号 (14 pt) 宋体 "— 1 —" in the footer.
 */
import {
  AlignmentType, BorderStyle, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';

/** 1 mm in twentieths of a point (twips): 1440 / 25.4. */
const mm = (v: number): number => Math.round((v * 1440) / 25.4);
export const PAGE = { width: mm(210), height: mm(297), top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } as const;

const FANGSONG = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋_GB2312', cs: 'FangSong' };
const HEITI = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };
const XIAOBIAOSONG = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '方正小标宋简体', cs: 'SimSun' };
const SONG = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
/** 3号 = 16 pt, 2号 = 22 pt, 4号 = 14 pt; docx sizes are half-points */
const SIZE = { body: 32, title: 44, page: 28, table: 28 } as const;
/** 28.95 pt fixed line pitch (22 lines on the type area), in twips */
const LINE = { line: 579, lineRule: LineRuleType.EXACT };

/** '2026-05-13' → '2026年5月13日' (the date as a document writes it). */
export function chineseDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a local date: ${day}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; indent?: boolean }
  | { kind: 'table'; rows: [string, string][] };

export interface OfficialDocument {
  /** the issuer's mark on top (发文机关标志), e.g. 杭州市司法局 */
  issuer: string;
  /** 发文字号, e.g. 杭司追〔2026〕3号 */
  number: string;
  title: string;
  /** 主送: the addressee, e.g. 张三同志 or 杭州市市场监督管理局 */
  addressee?: string;
  blocks: Block[];
  /** the signing line(s) and the day */
  signature: string;
  day: string;
}

const run = (text: string, font: typeof FANGSONG, size: number, bold = false) => new TextRun({ text, font, size, bold });
const body = (text: string, opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ spacing: LINE, alignment: opts.align ?? AlignmentType.JUSTIFIED, indent: opts.indent === false ? undefined : { firstLine: 640 }, children: [run(text, FANGSONG, SIZE.body)] });

function table(rows: [string, string][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const typeWidth = PAGE.width - PAGE.left - PAGE.right;
  const cell = (text: string, width: number, bold: boolean) => new TableCell({
    borders, width: { size: width, type: WidthType.DXA },
    children: text.split('\n').map((t) => new Paragraph({ spacing: { line: 400, lineRule: LineRuleType.AT_LEAST }, children: [run(t, bold ? HEITI : FANGSONG, SIZE.table)] })),
  });
  const w0 = Math.round(typeWidth * 0.25);
  return new Table({
    width: { size: typeWidth, type: WidthType.DXA }, columnWidths: [w0, typeWidth - w0],
    rows: rows.map(([k, v]) => new TableRow({ children: [cell(k, w0, true), cell(v, typeWidth - w0, false)] })),
  });
}

/** The document as DOCX bytes. */
export async function renderOfficialDocument(d: OfficialDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 900, lineRule: LineRuleType.AT_LEAST }, children: [new TextRun({ text: d.issuer, font: XIAOBIAOSONG, size: 72, color: 'C00000' })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: LINE, children: [run(d.number, FANGSONG, SIZE.body)] }),
    new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 4 } }, spacing: LINE, children: [] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 579, after: 579, line: 700, lineRule: LineRuleType.AT_LEAST }, children: [run(d.title, XIAOBIAOSONG, SIZE.title, true)] }),
  ];
  if (d.addressee) children.push(body(`${d.addressee}：`, { indent: false }));
  for (const b of d.blocks) {
    if (b.kind === 'heading') children.push(new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, children: [run(b.text, HEITI, SIZE.body)] }));
    else if (b.kind === 'text') children.push(body(b.text, { indent: b.indent }));
    else children.push(table(b.rows));
  }
  children.push(new Paragraph({ spacing: LINE, children: [] }), new Paragraph({ spacing: LINE, children: [] }));
  for (const line of d.signature.split('\n')) children.push(body(line, { indent: false, align: AlignmentType.RIGHT }));
  children.push(body(chineseDate(d.day), { indent: false, align: AlignmentType.RIGHT }));
  const doc = new Document({
    creator: 'Kaohe 考核', title: d.title, description: d.number,
    styles: { default: { document: { run: { font: FANGSONG, size: SIZE.body } } } },
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(20) } } },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('— ', SONG, SIZE.page), new TextRun({ children: [PageNumber.CURRENT], font: SONG, size: SIZE.page }), run(' —', SONG, SIZE.page)] })] }) },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
