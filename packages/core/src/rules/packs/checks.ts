/** The TypeScript checks of the built-in packs, registered as templates (imported for their side effect). */
export * from './cn-apl-2021/art-36-limitation.ts';
export * from './cn-apl-2021/art-45-no-heavier.ts';
export * from './cn-apl-2021/art-48-withdraw.ts';
export * from './cn-apl-2021/art-64-request-window.ts';
export * from './cn-apl-2021/samr-extension.ts';
