export * from './config.ts';
export * from './import.ts';
export * from './status.ts';
export * from './db.ts';
export * from './generate.ts';
export * from './check.ts';
