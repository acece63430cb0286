export * from './db.ts';
export { openDb } from './open.ts';
export type { OpenDbOptions } from './open.ts';
export { migrate, loadMigrations, MIGRATIONS_DIR } from './migrate.ts';
export type { Migration } from './migrate.ts';
export { DbError } from './pglite.ts';
export { PersonalDataCipher } from './crypto.ts';
export { copyLine, arrayLiteral, toPgText, ident } from './values.ts';
export * from './imports.ts';
