import type { InterchangeRecord } from '@kaohe/core';
import type { RowError, SourceRef } from './errors.ts';

/** One item read from a file: a validated record with its place, or one problem of one record. */
export type ReadItem =
  | { ok: true; record: InterchangeRecord; source: SourceRef }
  | { ok: false; error: RowError };
