import { localDate } from '@kaohe/core';
import type { Db } from '@kaohe/store';
import { importFiles, type ImportOptions, type ImportResult } from './import.ts';
import { evaluateCases, reevaluateProvisional, type EvaluateResult } from './warnings.ts';

export interface BatchOptions extends Omit<ImportOptions, 'onCasesChanged' | 'onCalendarsChanged'> {
  /** the as-of date of the evaluation (default: today in the jurisdiction) */
  asOf?: string;
  onEvaluate?: (done: number, total: number) => void;
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
