export * from './sample.ts';
export * from './wilson.ts';
