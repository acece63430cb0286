export * from './sample.ts';
export * from './campaign.ts';
export * from './work.ts';
export * from './checks.ts';
export * from './results.ts';
