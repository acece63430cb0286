export * from './schema.ts';
export * from './load.ts';
export * from './load-fs.ts';
export * from './period.ts';
export * from './score.ts';
export * from './targets.ts';
