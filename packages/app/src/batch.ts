import { localDate } from '@kaohe/core';
import type { Db } from '@kaohe/store';
import type { InterchangeRecord } from '@kaohe/core';
import { readFile } from '@kaohe/ingest';
import { importFiles, type ImportOptions, type ImportResult, type ReadFileFn, type ReadItem } from './import.ts';
import { evaluateCases, reevaluateProvisional, type EvaluateResult } from './warnings.ts';

export interface BatchOptions extends Omit<ImportOptions, 'onCasesChanged' | 'onCalendarsChanged'> {
  /** the as-of date of the evaluation (default: today in the jurisdiction) */
  asOf?: string;
  onEvaluate?: (done: number, total: number) => void;
  /**
   * The agencies the importer may write (an agency's staff: its own). Records of any other agency, and the
   * region-wide registries (enforcement items, holiday schedules), are then row errors and the batch is rejected.
   */
  allowedAgencies?: readonly string[];
}

export interface BatchResult extends ImportResult {
  evaluation?: EvaluateResult;
}

/**
 * The import use case as the server and the CLI run it: the batch is imported all-or-nothing, then every case it
 * changed is evaluated against the live packs (its warnings opened, updated or cleared) and, when a holiday schedule
 * was loaded, the cases whose due days were provisional for that year are evaluated again.
 */
export async function importBatch(db: Db, paths: string[], opts: BatchOptions): Promise<BatchResult> {
  const asOf = opts.asOf ?? localDate(new Date().toISOString(), opts.timezone);
  const evaluation: EvaluateResult = { cases: 0, opened: 0, changed: 0, cleared: 0 };
  const add = (r: EvaluateResult) => {
    evaluation.cases += r.cases;
    evaluation.opened += r.opened;
    evaluation.changed += r.changed;
    evaluation.cleared += r.cleared;
  };
  const result = await importFiles(db, paths, {
    ...opts,
    ...(opts.allowedAgencies ? { readFile: scopedReader(opts.readFile ?? (readFile as ReadFileFn), opts.allowedAgencies) } : {}),
    onCalendarsChanged: async (years) => add(await reevaluateProvisional(db, years, { asOf })),
    onCasesChanged: async (keys) => add(await evaluateCases(db, keys, { asOf, onProgress: opts.onEvaluate })),
  });
  if (result.status !== 'committed') return result;
  // fresh statistics after a load: PGlite has no autovacuum, and without them the planner's choices for the
  // assessment's correlated lookups go wrong by an order of magnitude (ANALYZE samples, so it stays cheap)
  // (best effort: the batch is committed whatever happens to the statistics)
  if (result.changedCases || evaluation.opened) await db.exec('ANALYZE cases, events, records, warnings, case_evaluations').catch(() => undefined);
  return { ...result, evaluation };
}

/** The agency a record writes to, or null for region-wide registries. */
function agencyOf(r: InterchangeRecord): string | null {
  switch (r.schema) {
    case 'kaohe.agency/v1': return r.value.code;
    case 'kaohe.item/v1': case 'kaohe.calendar/v1': return null;
    default: return r.value.agency;
  }
}

/** Wraps a reader so that records outside the importer's agencies become row errors (the batch is then rejected). */
function scopedReader(read: ReadFileFn, allowed: readonly string[]): ReadFileFn {
  const ok = new Set(allowed);
  return async function* (path, o) {
    for await (const item of read(path, o)) {
      if (!item.ok) { yield item; continue; }
      const agency = agencyOf(item.record);
      if (agency !== null && ok.has(agency)) { yield item; continue; }
      const src = (item.source ?? {}) as { file?: string; line?: number; row?: number; sheet?: string };
      const error: Extract<ReadItem, { ok: false }>['error'] = {
        file: src.file ?? path, ...(src.line !== undefined ? { line: src.line } : {}), ...(src.row !== undefined ? { row: src.row } : {}),
        ...(src.sheet ? { sheet: src.sheet } : {}), field: item.record.schema === 'kaohe.agency/v1' ? 'code' : agency === null ? 'schema' : 'agency', code: 'scope.agency',
        message: agency === null
          ? { zh: `${item.record.schema} 为全区域基础数据，仅执法监督机构可导入`, en: `${item.record.schema} is region-wide reference data: only the supervision body may import it` }
          : { zh: `执法主体 ${agency} 不属于您的管理范围（可导入：${[...ok].join('、')}）`, en: `agency ${agency} is outside your scope (you may import: ${[...ok].join(', ')})` },
      };
      yield { ok: false, error };
    }
  };
}
