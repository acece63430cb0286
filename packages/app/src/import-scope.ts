/**
 * The scope of an import (issue 12, item 1): an import obeys exactly the scope and field rules of the API's edit
 * routes (`registries.ts`, the server's policy), row by row.
 *
 * - A department's staff (`agency` scope) write only their own agency's cases, events and records; a person only
 *   into their own agency, and never a person already registered to another department (people are keyed by `code`
 *   alone: that would move the officer, change the credential and the stored ID number); their own agency's
 *   registry row only as it is stored (the registry is the supervision body's: no rename, no new region, level or
 *   parent); no region-wide reference data (enforcement items, holiday schedules).
 * - A region role (`region` scope, a supervisor) writes only inside its region: cases, records and people of
 *   agencies of the region, agencies whose stored and new regions are both in it, and not the region of an agency
 *   that cases already refer to (as `updateAgency`).
 * - No scope: the console (CLI), unrestricted.
 *
 * The checks against stored rows run once per batch, set-based, over the staging tables (one query per record
 * kind, not one per row), inside the import's transaction; a refused row is a row error naming the rule and the row,
 * and the whole batch is rejected.
 */
import type { InterchangeRecord, Message } from '@kaohe/core';
import type { RowError, SourceRef } from '@kaohe/ingest';
import type { Queryable } from '@kaohe/store';

/** What an importer may write; absent (undefined) means the console, unrestricted. */
export type ImportScope =
  | { kind: 'agency'; agency: string }
  /** `prefix`: the region code's prefix (330100 → "3301": the city and its counties) */
  | { kind: 'region'; prefix: string };

/** "第 3 行" / "line 3" (or sheet and row of a workbook). */
function where(src: SourceRef): Message {
  if (src.sheet !== undefined && src.row !== undefined) return { zh: `工作表「${src.sheet}」第 ${src.row} 行`, en: `sheet "${src.sheet}" row ${src.row}` };
  if (src.line !== undefined) return { zh: `第 ${src.line} 行`, en: `line ${src.line}` };
  if (src.row !== undefined) return { zh: `第 ${src.row} 条`, en: `record ${src.row}` };
  return { zh: '', en: '' };
}

function rowError(src: SourceRef, field: string, code: string, m: Message): RowError {
  const w = where(src);
  return {
    file: src.file, ...(src.line !== undefined ? { line: src.line } : {}), ...(src.row !== undefined ? { row: src.row } : {}),
    ...(src.sheet !== undefined ? { sheet: src.sheet } : {}), field, code,
    message: { zh: w.zh ? `${w.zh}：${m.zh}` : m.zh, en: w.en ? `${w.en}: ${m.en}` : m.en },
  };
}

const AGENCY_FIELDS: [col: string, field: string, zh: string][] = [
  ['region_code', 'region', '行政区划'], ['level', 'level', '层级'], ['parent', 'parent', '上级部门'], ['name', 'name', '名称'], ['domain', 'domain', '执法领域'],
];

/** The region of an agency code as the merge derives it: the registry's, else the batch's own row, else a leading 6-digit 行政区划代码. */
const REGION_OF = (code: string) =>
  `COALESCE((SELECT a.region_code FROM agencies a WHERE a.code = ${code}),
            (SELECT sa.region_code FROM s_agencies sa WHERE sa.code = ${code} ORDER BY sa.seq DESC LIMIT 1),
            substring(${code} from '^[0-9]{6}'), '')`;

/**
 * Checks one batch against the importer's scope: `check` per record while reading (what the record alone tells),
 * `checkStored` once the batch is staged (what the stored rows tell).
 */
export class ScopeGuard {
  /** where each staged agency/person row came from, by seq */
  private readonly refs = new Map<number, SourceRef>();
  /** region scope: the case/record rows of each agency code (the first `maxErrors`, and how many) */
  private readonly byAgency = new Map<string, { rows: [number, SourceRef][]; n: number }>();

  constructor(readonly scope: ImportScope, private readonly maxErrors = 1000) {}

  /** The error of a record whose own fields put it outside the scope, or null (then it is staged as `seq`). */
  check(rec: InterchangeRecord, src: SourceRef, seq: number): RowError | null {
    const s = this.scope;
    if (s.kind === 'agency') {
      const mine = s.agency;
      const outside = (agency: string, field: string) => rowError(src, field, 'scope.agency', {
        zh: `执法主体 ${agency} 不属于您的管理范围（可导入：${mine}）`, en: `agency ${agency} is outside your scope (you may import: ${mine})`,
      });
      switch (rec.schema) {
        case 'kaohe.case/v1': case 'kaohe.record/v1':
          return rec.value.agency === mine ? null : outside(rec.value.agency, 'agency');
        case 'kaohe.person/v1':
          if (rec.value.agency !== mine) return outside(rec.value.agency, 'agency');
          this.refs.set(seq, src);
          return null;
        case 'kaohe.agency/v1':
          if (rec.value.code !== mine) return outside(rec.value.code, 'code');
          this.refs.set(seq, src);
          return null;
        default:
          return rowError(src, 'schema', 'scope.agency', {
            zh: `${rec.schema} 为全区域基础数据，仅执法监督机构可导入`, en: `${rec.schema} is region-wide reference data: only the supervision body may import it`,
          });
      }
    }
    switch (rec.schema) {
      case 'kaohe.case/v1': case 'kaohe.record/v1': {
        const code = rec.value.agency;
        const e = this.byAgency.get(code) ?? { rows: [], n: 0 };
        if (e.rows.length < this.maxErrors) e.rows.push([seq, src]);
        e.n++;
        this.byAgency.set(code, e);
        return null;
      }
      case 'kaohe.person/v1': case 'kaohe.agency/v1':
        this.refs.set(seq, src);
        return null;
      default:
        return null; // enforcement items and holiday schedules: the supervision body's (as the edit routes)
    }
  }

  /** The rows the stored data puts outside the scope, in batch order; `count` counts them all. */
  async checkStored(q: Queryable): Promise<{ errors: RowError[]; count: number }> {
    const found: [number, RowError][] = [];
    let count = 0;
    const add = (seq: number, e: RowError) => { count++; found.push([seq, e]); };
    const ref = (seq: number) => this.refs.get(seq) ?? { file: '' };
    const s = this.scope;
    if (s.kind === 'agency') {
      // a person registered to another department is not theirs to move or overwrite
      const p = await q.query<{ seq: number; code: string }>(
        `SELECT s.seq, s.code FROM s_people s JOIN people p ON p.code = s.code WHERE p.agency_id IS DISTINCT FROM s.agency_id ORDER BY s.seq`,
      );
      for (const r of p.rows) {
        add(Number(r.seq), rowError(ref(Number(r.seq)), 'code', 'scope.person-other-agency', {
          zh: `人员编码 ${r.code} 已登记在其他部门，本部门不能导入修改或调入该人员（请由执法监督机构办理）`,
          en: `person ${r.code} is registered to another agency: a department may not move or overwrite them (the supervision body can)`,
        }));
      }
      // their own agency's row: only as stored (creating or changing an agency is the supervision body's)
      const a = await q.query<Record<string, unknown>>(
        `SELECT s.seq, a.code IS NULL AS missing, ${AGENCY_FIELDS.map(([c, f]) => `a.${c} IS DISTINCT FROM s.${c} AS ${f}`).join(', ')}
           FROM s_agencies s LEFT JOIN agencies a ON a.code = s.code
          WHERE a.code IS NULL OR ${AGENCY_FIELDS.map(([c]) => `a.${c} IS DISTINCT FROM s.${c}`).join(' OR ')} ORDER BY s.seq`,
      );
      for (const r of a.rows) {
        const seq = Number(r.seq);
        if (r.missing) {
          add(seq, rowError(ref(seq), 'code', 'scope.agency-register', {
            zh: `部门 ${s.agency} 尚未登记，部门登记由执法监督机构办理`, en: `agency ${s.agency} is not registered; only the supervision body registers an agency`,
          }));
          continue;
        }
        const changed = AGENCY_FIELDS.filter(([, f]) => r[f]);
        add(seq, rowError(ref(seq), changed[0]![1], 'scope.agency-fields', {
          zh: `部门不能修改本部门的登记信息（${changed.map(([, , zh]) => zh).join('、')}），如需调整请由执法监督机构办理`,
          en: `a department may not change its own registry entry (${changed.map(([, f]) => f).join(', ')}); the supervision body can`,
        }));
      }
    } else {
      const L = s.prefix.length;
      const inRegion = (expr: string) => `left(${expr}, ${L}) = $1`;
      const outside = (what: Message, region: string): Message => ({
        zh: `${what.zh}属于行政区划 ${region || '（未知）'}，不在您的管理区域（${s.prefix}）内`,
        en: `${what.en} belongs to region ${region || '(unknown)'}, outside your region (${s.prefix})`,
      });
      // cases and records: their agency's region
      if (this.byAgency.size) {
        const c = await q.query<{ code: string; region: string }>(
          `SELECT k.code, k.region FROM (SELECT c.code, ${REGION_OF('c.code')} AS region FROM unnest($2::text[]) c(code)) k WHERE NOT ${inRegion('k.region')}`,
          [s.prefix, [...this.byAgency.keys()]],
        );
        for (const r of c.rows) {
          const e = this.byAgency.get(r.code)!;
          for (const [seq, src] of e.rows) add(seq, rowError(src, 'agency', 'scope.region', outside({ zh: `执法主体 ${r.code} `, en: `agency ${r.code} ` }, r.region)));
          count += e.n - e.rows.length;
        }
      }
      // agencies: the stored region and the new one both in the region; the region fixed once cases refer to it
      const a = await q.query<{ seq: number; code: string; old: string | null; new: string; cases: number }>(
        `SELECT s.seq, s.code, a.region_code AS old, s.region_code AS new,
                CASE WHEN a.region_code IS DISTINCT FROM s.region_code AND a.code IS NOT NULL
                     THEN (SELECT count(*) FROM cases c WHERE c.agency_id = s.code) ELSE 0 END AS cases
           FROM s_agencies s LEFT JOIN agencies a ON a.code = s.code ORDER BY s.seq`,
        [],
      );
      for (const r of a.rows) {
        const seq = Number(r.seq);
        const inside = (x: string) => x.slice(0, L) === s.prefix;
        if (r.old !== null && !inside(r.old)) add(seq, rowError(ref(seq), 'code', 'scope.region', outside({ zh: `部门 ${r.code} `, en: `agency ${r.code} ` }, r.old)));
        else if (!inside(r.new)) add(seq, rowError(ref(seq), 'region', 'scope.region', {
          zh: `部门 ${r.code} 不能登记或迁入您管理区域（${s.prefix}）以外的行政区划 ${r.new}`, en: `agency ${r.code} cannot be put in region ${r.new}, outside your region (${s.prefix})`,
        }));
        else if (Number(r.cases) > 0) add(seq, rowError(ref(seq), 'region', 'registry.region-locked', {
          zh: `部门 ${r.code} 已有 ${Number(r.cases)} 件案件按原行政区划归属，不能修改区划；如机构调整，请新建部门`,
          en: `${Number(r.cases)} cases of agency ${r.code} belong to its region; the region cannot change (register a new agency instead)`,
        }));
      }
      // people: the stored person's region, and the region of the agency they are put in
      const p = await q.query<{ seq: number; code: string; agency: string; old: string | null; region: string }>(
        `SELECT k.* FROM (SELECT s.seq, s.code, s.agency_id AS agency, CASE WHEN p.code IS NULL THEN NULL ELSE COALESCE(p.region_code, '') END AS old,
                                 ${REGION_OF('s.agency_id')} AS region
                            FROM s_people s LEFT JOIN people p ON p.code = s.code) k
          WHERE (k.old IS NOT NULL AND NOT ${inRegion('k.old')}) OR NOT ${inRegion('k.region')} ORDER BY k.seq`,
        [s.prefix],
      );
      for (const r of p.rows) {
        const seq = Number(r.seq);
        if (r.old !== null && r.old.slice(0, L) !== s.prefix) add(seq, rowError(ref(seq), 'code', 'scope.region', outside({ zh: `人员 ${r.code} `, en: `person ${r.code} ` }, r.old)));
        else add(seq, rowError(ref(seq), 'agency', 'scope.region', outside({ zh: `所属部门 ${r.agency} `, en: `agency ${r.agency} ` }, r.region)));
      }
    }
    found.sort((x, y) => x[0] - y[0]);
    return { errors: found.slice(0, this.maxErrors).map(([, e]) => e), count };
  }
}
