export * from './sample.ts';
export * from './wilson.ts';
export * from './sheet.ts';
export * from './sheet-fs.ts';
export * from './score.ts';
export * from './assign.ts';
