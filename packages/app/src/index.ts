export * from './config.ts';
export * from './check.ts';
