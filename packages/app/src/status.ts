import type { Db, StoreStatus, BatchRow } from '@kaohe/store';
import { storeStatus, listBatches } from '@kaohe/store';

export type Status = StoreStatus;

/**
 * What the database holds: registry sizes, cases/events/records, import batches, and how many distinct agency,
 * item and person codes are referenced by cases without being registered.
 */
export async function status(db: Db): Promise<Status> {
  return storeStatus(db);
}

/** The latest import batches, newest first (errors omitted; see getBatch). */
export async function recentBatches(db: Db, limit = 20): Promise<BatchRow[]> {
  return listBatches(db, limit);
}
