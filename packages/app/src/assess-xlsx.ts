/**
 * Export of the individual results for the civil-servant annual review (公务员年度考核): one row per officer with
 * score, grade and the indicator values, as an XLSX workbook (exceljs). Text cells are formula-safe.
 */
import ExcelJS from 'exceljs';
import { GRADE_LABELS } from '@kaohe/core';
import type { AssessmentResult } from './assess.ts';

const DANGEROUS = /^[=+\-@\t\r]/;
const safe = (v: string | null): string => (v === null ? '' : DANGEROUS.test(v) ? `'${v}` : v);

export const INDIVIDUAL_COLUMNS = [
  { key: 'no', header: '序号', width: 6 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'person', header: '人员编码', width: 12 },
  { key: 'agency', header: '执法部门', width: 30 },
  { key: 'cases', header: '办结案件数', width: 10 },
  { key: 'score', header: '考评得分', width: 10 },
  { key: 'grade', header: '考评等次', width: 10 },
  { key: 'previous', header: '上年等次', width: 10 },
  { key: 'note', header: '备注', width: 40 },
] as const;

/** The workbook of a run's individual results: sheet 个人绩效考评 and a sheet describing the run (period, set, hash). */
export async function individualsWorkbook(result: AssessmentResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  wb.created = new Date(`${result.run.asOf}T00:00:00+08:00`);
  const names = new Map(result.departments.map((d) => [d.agency, d.name ?? d.agency]));
  const ws = wb.addWorksheet('个人绩效考评');
  ws.columns = INDIVIDUAL_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const rows = [...result.individuals].sort((a, b) => a.agency.localeCompare(b.agency) || (b.score ?? -1) - (a.score ?? -1) || a.person.localeCompare(b.person));
  rows.forEach((i, k) => {
    const notes: string[] = [];
    if (i.capped) notes.push(`年度内受责任追究 ${i.accountability} 次，不得评为优秀`);
    if (i.credentialFlag) notes.push('连续两年不合格，建议暂扣或收回执法证件、调整岗位');
    if (i.respread.length) notes.push(`不适用指标：${i.respread.map((r) => r.from).join('、')}（权重已分摊）`);
    if (i.indicators.some((x) => x.shrunk)) notes.push('样本量小，已按地区平均水平校正');
    ws.addRow({
      no: k + 1, name: safe(i.name), person: safe(i.person), agency: safe(names.get(i.agency) ?? i.agency), cases: i.cases,
      score: i.score, grade: i.gradeZh ?? '', previous: i.previousGrade ? GRADE_LABELS[i.previousGrade].zh : '', note: safe(notes.join('；')),
    });
  });
  const info = wb.addWorksheet('考核说明');
  info.columns = [{ header: '项目', key: 'k', width: 16 }, { header: '内容', key: 'v', width: 80 }];
  for (const [k, v] of [
    ['考核期间', `${result.run.period}（${result.run.from} 至 ${result.run.to}）`], ['数据截止日', result.run.asOf],
    ['指标体系版本', result.run.set], ['运行编号', result.run.id === null ? '预览（未发布）' : String(result.run.id)],
    ['输入摘要（SM3）', result.run.hash], ['等次', '优秀 / 合格 / 基本合格 / 不合格；年度内受责任追究的不得评为优秀'],
  ] as const) info.addRow({ k, v });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
