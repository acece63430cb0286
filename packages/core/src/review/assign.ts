/**
 * Reviewer assignment (评查人员分配): every sampled file goes to reviewers from other departments — never the file's
 * own department, never a person named in the case (承办人, 审核人, 批准人 or anyone acting in an event: 回避) — with
 * the load balanced (each slot to the eligible reviewer with the fewest files so far, ties by id). A major case
 * (`major: true`) gets two reviewers. Files that no reviewer may take are returned as unassigned, never forced.
 * Pure: the files and reviewers are arguments.
 */
export interface ReviewFile {
  /** a key unique within the campaign, e.g. `agency\u0000case` */
  key: string;
  agency: string;
  major: boolean;
  /** person codes named in the case */
  named: readonly string[];
}

export interface Reviewer {
  id: number;
  /** the reviewer's own department (null: the supervision body itself) */
  agency: string | null;
  /** the reviewer's person code in the registry, if any */
  person: string | null;
}

export interface Assignment {
  key: string;
  reviewer: number;
  role: 'primary' | 'second' | 'reconcile';
}

export type Ineligible = 'own-department' | 'named-in-case' | 'already-assigned';

/** Why `r` may not review `f` (null: eligible). */
export function recusal(f: ReviewFile, r: Reviewer, taken: ReadonlySet<number> = new Set()): Ineligible | null {
  if (r.agency !== null && r.agency === f.agency) return 'own-department';
  if (r.person !== null && f.named.includes(r.person)) return 'named-in-case';
  if (taken.has(r.id)) return 'already-assigned';
  return null;
}

function pick(f: ReviewFile, reviewers: readonly Reviewer[], load: Map<number, number>, taken: ReadonlySet<number>): Reviewer | null {
  let best: Reviewer | null = null;
  for (const r of reviewers) {
    if (recusal(f, r, taken)) continue;
    if (!best || load.get(r.id)! < load.get(best.id)! || (load.get(r.id) === load.get(best.id) && r.id < best.id)) best = r;
  }
  return best;
}

/**
 * Assigns every file: major files first (they need two distinct reviewers, the harder constraint), then the rest,
 * each in key order. `load` (optional): files a reviewer already carries, counted in the balance.
 */
export function assignReviewers(
  files: readonly ReviewFile[], reviewers: readonly Reviewer[], load: ReadonlyMap<number, number> = new Map(),
): { assignments: Assignment[]; unassigned: { key: string; needed: number }[] } {
  const l = new Map(reviewers.map((r) => [r.id, load.get(r.id) ?? 0]));
  const order = [...files].sort((a, b) => (a.major === b.major ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.major ? -1 : 1));
  const assignments: Assignment[] = [];
  const unassigned: { key: string; needed: number }[] = [];
  for (const f of order) {
    const need = f.major ? 2 : 1;
    const taken = new Set<number>();
    for (let k = 0; k < need; k++) {
      const r = pick(f, reviewers, l, taken);
      if (!r) { unassigned.push({ key: f.key, needed: need - k }); break; }
      taken.add(r.id);
      l.set(r.id, l.get(r.id)! + 1);
      assignments.push({ key: f.key, reviewer: r.id, role: k === 0 ? 'primary' : 'second' });
    }
  }
  return { assignments, unassigned };
}

/** The third reviewer who reconciles two totals that differ by more than the gap: eligible, not one of the two, least loaded. */
export function pickReconciler(f: ReviewFile, reviewers: readonly Reviewer[], exclude: readonly number[], load: ReadonlyMap<number, number>): Reviewer | null {
  const l = new Map(reviewers.map((r) => [r.id, load.get(r.id) ?? 0]));
  return pick(f, reviewers, l, new Set(exclude));
}

/** Two totals need a third reviewer when they differ by more than `gap` points. */
export function needsReconciliation(a: number, b: number, gap: number): boolean {
  return Math.abs(a - b) > gap;
}
