export * from './model.ts';
export * from './calendar/index.ts';
export * from './rules/index.ts';
