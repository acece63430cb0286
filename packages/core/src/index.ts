export * from './model.ts';
export * from './synth/index.ts';
export * from './calendar/index.ts';
export * from './rules/index.ts';
export * from './indicators/index.ts';
export * from './review/index.ts';
export * from './accountability/index.ts';
