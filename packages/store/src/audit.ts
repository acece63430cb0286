/// <reference path="./sm-crypto.d.ts" />
/**
 * The security audit log (等保 2.0 安全审计): append-only, hash-chained, written in the same transaction as the change
 * it records. hash = SM3(prev_hash || canonical JSON of { seq, at, actor, role, action, target, detail, ip }).
 * A trigger refuses UPDATE/DELETE/TRUNCATE (migration 100); in production the app's database role also has only
 * INSERT/SELECT on audit_log. Appends are serialised by locking the one-row chain head FOR UPDATE.
 */
import smCrypto from 'sm-crypto';
import type { Db, Queryable, Tx } from './db.ts';
import { num } from './db.ts';
import { sm3 } from './crypto.ts';

export interface AuditEntry {
  /** username, or `system` / `cli:<os user>` */
  actor: string;
  role?: string | null;
  /** dotted verb: auth.login, auth.login-failed, auth.lockout, users.create, users.roles, export, case.reveal … */
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  /** defaults to now */
  at?: Date;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map((x) => canonicalJson(x === undefined ? null : x)).join(',') + ']';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

export function rowHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return sm3(prevHash + canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, role: r.role, action: r.action, target: r.target, detail: r.detail, ip: r.ip }));
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : ((v ?? {}) as Record<string, unknown>));

/**
 * Append one entry to the chain, inside the caller's transaction: if the append fails the change fails.
 * @returns the new row's seq and hash
 */
export async function audit(tx: Tx, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const head = await tx.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  if (!head.rows[0]) throw new Error('audit_head missing: migration 100 not applied');
  const seq = num(head.rows[0].seq) + 1;
  const prevHash = head.rows[0].hash;
  const row = {
    seq,
    at: (entry.at ?? new Date()).toISOString(),
    actor: entry.actor,
    role: entry.role ?? null,
    action: entry.action,
    target: entry.target ?? null,
    // round-trip through JSON so the hashed value is exactly what jsonb gives back
    detail: JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>,
    ip: entry.ip ?? null,
  };
  const hash = rowHash(prevHash, row);
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor, role, action, target, detail, ip, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [seq, row.at, row.actor, row.role, row.action, row.target, JSON.stringify(row.detail), row.ip, prevHash, hash],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
  return { seq, hash };
}

/** Write one entry in its own transaction (for events that change nothing else: failed logins, exports). */
export function auditNow(db: Db, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  return db.transaction((tx) => audit(tx, entry));
}

function toRow(r: Record<string, unknown>): AuditRow {
  return {
    seq: num(r.seq), at: iso(r.at), actor: String(r.actor), role: (r.role as string | null) ?? null, action: String(r.action),
    target: (r.target as string | null) ?? null, detail: json(r.detail), ip: (r.ip as string | null) ?? null,
    prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}

export type VerifyResult = { ok: true; count: number; lastSeq: number; lastHash: string } | { ok: false; count: number; badSeq: number; reason: string };

/** Walk the chain from its anchor: every row's prev_hash links to the previous hash, and its own hash recomputes. */
export async function verifyAudit(db: Queryable, batch = 5000): Promise<VerifyResult> {
  const head = (await db.query<{ seq: unknown; hash: string; anchor_seq: unknown; anchor_hash: string }>('SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1')).rows[0];
  if (!head) return { ok: false, count: 0, badSeq: 0, reason: 'no chain head' };
  let prev = head.anchor_hash;
  let expectSeq = num(head.anchor_seq) + 1;
  let count = 0;
  for (;;) {
    const { rows } = await db.query('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectSeq, batch]);
    if (!rows.length) break;
    for (const raw of rows) {
      const r = toRow(raw);
      if (r.seq !== expectSeq) return { ok: false, count, badSeq: expectSeq, reason: `row ${expectSeq} is missing` };
      if (r.prevHash !== prev) return { ok: false, count, badSeq: r.seq, reason: 'prev_hash does not link to the previous row' };
      if (rowHash(prev, r) !== r.hash) return { ok: false, count, badSeq: r.seq, reason: 'hash does not match the row content' };
      prev = r.hash;
      expectSeq++;
      count++;
    }
  }
  const lastSeq = expectSeq - 1;
  if (lastSeq !== num(head.seq) || prev !== head.hash) return { ok: false, count, badSeq: lastSeq + 1, reason: `chain head is at ${num(head.seq)}, rows end at ${lastSeq}` };
  return { ok: true, count, lastSeq, lastHash: prev };
}

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  /** SM2 signature (hex, with SM3 digest and the default user id) of `kaohe.audit/v1|seq|hash|at` */
  signature: string;
}

const checkpointMessage = (c: Omit<Checkpoint, 'signature'>) => `kaohe.audit/v1|${c.seq}|${c.hash}|${c.at}`;

/** A new SM2 key pair (hex) for signing checkpoints. */
export function auditKeygen(): { privateKey: string; publicKey: string } {
  return smCrypto.sm2.generateKeyPairHex();
}

/** Sign the current chain head (after verifying the chain), to be kept outside the database. */
export async function checkpoint(db: Queryable, privateKeyHex: string, now = new Date()): Promise<Checkpoint> {
  const v = await verifyAudit(db);
  if (!v.ok) throw new Error(`audit chain broken at seq ${v.badSeq}: ${v.reason}`);
  const c = { seq: v.lastSeq, hash: v.lastHash, at: now.toISOString() };
  const publicKey = smCrypto.sm2.getPublicKeyFromPrivateKey(privateKeyHex.trim());
  return { ...c, signature: smCrypto.sm2.doSignature(checkpointMessage(c), privateKeyHex.trim(), { hash: true, publicKey }) };
}

/** The checkpoint's signature is valid and the row it names still has the hash it signed. */
export async function verifyCheckpoint(db: Queryable, cp: Checkpoint, publicKeyHex: string): Promise<{ ok: boolean; reason?: string }> {
  if (!smCrypto.sm2.doVerifySignature(checkpointMessage(cp), cp.signature, publicKeyHex.trim(), { hash: true })) return { ok: false, reason: 'bad signature' };
  const head = (await db.query<{ anchor_seq: unknown; anchor_hash: string }>('SELECT anchor_seq, anchor_hash FROM audit_head WHERE id = 1')).rows[0];
  if (head && num(head.anchor_seq) === cp.seq) return head.anchor_hash === cp.hash ? { ok: true } : { ok: false, reason: 'anchor hash differs' };
  const r = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [cp.seq]);
  if (!r.rows[0]) return { ok: false, reason: `row ${cp.seq} is missing` };
  if (r.rows[0].hash !== cp.hash) return { ok: false, reason: `row ${cp.seq} hash differs from the checkpoint` };
  return { ok: true };
}

/** Retention: the minimum age of a purgeable audit row. */
export const AUDIT_RETENTION_DAYS = 180;

/** A purge that would delete audit rows younger than the retention period. */
export class AuditRetentionError extends Error {
  constructor(public readonly before: Date) {
    super(`audit records must be kept at least ${AUDIT_RETENTION_DAYS} days (purge before ${before.toISOString()} refused)`);
  }
}

/**
 * Delete audit rows before `before` (the anchor moves to the last purged row, so the chain still verifies).
 * Refuses any cut-off younger than 180 days; the purge itself is audited.
 */
export async function purgeAudit(db: Db, before: Date, actor: string, now = new Date()): Promise<{ purged: number }> {
  if (now.getTime() - before.getTime() < AUDIT_RETENTION_DAYS * 86400_000) throw new AuditRetentionError(before);
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
    const last = await tx.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1', [before.toISOString()]);
    if (!last.rows[0]) return { purged: 0 };
    const lastSeq = num(last.rows[0].seq);
    await tx.query("SELECT set_config('kaohe.audit_purge', 'on', true)");
    const del = await tx.query('DELETE FROM audit_log WHERE seq <= $1', [lastSeq]);
    await tx.query("SELECT set_config('kaohe.audit_purge', 'off', true)");
    await tx.query('UPDATE audit_head SET anchor_seq = $1, anchor_hash = $2 WHERE id = 1', [lastSeq, last.rows[0].hash]);
    await audit(tx, { actor, action: 'audit.purge', detail: { before: before.toISOString(), throughSeq: lastSeq, purged: del.rowCount } });
    return { purged: del.rowCount };
  });
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function searchAudit(db: Queryable, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.actor) { params.push(q.actor); where.push(`actor = $${params.length}`); }
  if (q.action) { params.push(q.action.replace(/[%_\\]/g, '\\$&') + '%'); where.push(`action LIKE $${params.length}`); }
  if (q.from) { params.push(q.from); where.push(`at >= $${params.length}::timestamptz`); }
  if (q.to) { params.push(q.to); where.push(`at < ($${params.length}::date + 1)`); }
  const w = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM audit_log ${w}`, params)).rows[0]?.n);
  const rows = await db.query(`SELECT * FROM audit_log ${w} ORDER BY seq DESC LIMIT ${q.limit} OFFSET ${q.offset}`, params);
  return { items: rows.rows.map(toRow), total };
}
