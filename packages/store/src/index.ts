export * from './db.ts';
export { openDb } from './open.ts';
export type { OpenDbOptions } from './open.ts';
export { migrate, loadMigrations, MIGRATIONS_DIR } from './migrate.ts';
export type { Migration } from './migrate.ts';
export { DbError } from './pglite.ts';
export { PersonalDataCipher } from './crypto.ts';
export { copyLine, arrayLiteral, toPgText, ident } from './values.ts';
export * from './imports.ts';
export {
  audit, auditNow, verifyAudit, checkpoint, verifyCheckpoint, auditKeygen, purgeAudit, searchAudit, canonicalJson,
  AUDIT_RETENTION_DAYS, AuditRetentionError,
} from './audit.ts';
export type { AuditEntry, AuditRow, Checkpoint, VerifyResult, AuditQuery } from './audit.ts';
export { sm3 } from './crypto.ts';
