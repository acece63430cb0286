/** Operations the fault children and the PostgreSQL-restart load loop repeat. */
import type { Db } from '@kaohe/store';
import { answerWarning, decideWarning } from '../../src/warnings.ts';

let cursor = 0;

/**
 * Moves one warning one step through its workflow: open/rejected → answered (agency), answered → rejected
 * (supervisor), round-robin over the warnings so the loop never runs dry. Returns the warning id and its new state.
 */
export async function cycleWarning(db: Db): Promise<{ id: number; state: string } | null> {
  const r = await db.query<{ id: unknown; state: string }>(
    `SELECT id, state FROM warnings WHERE state IN ('open', 'rejected', 'answered') AND id > $1 ORDER BY id LIMIT 1`, [cursor]);
  let row = r.rows[0];
  if (!row) {
    cursor = 0;
    row = (await db.query<{ id: unknown; state: string }>(`SELECT id, state FROM warnings WHERE state IN ('open', 'rejected', 'answered') ORDER BY id LIMIT 1`)).rows[0];
    if (!row) return null;
  }
  const id = Number(row.id);
  cursor = id;
  const out = row.state === 'answered'
    ? await decideWarning(db, id, { username: 'supervisor', role: 'supervisor' }, { accept: false, comment: 'evidence missing 证据不足' })
    : await answerWarning(db, id, { username: 'agency-admin', role: 'agency-admin' }, { kind: 'explained', text: 'explained 已说明', evidence: [] });
  if (!out.ok) throw new Error(`warning ${id}: ${out.reason}`);
  return { id, state: out.state };
}
