/** Types of scripts/web-build.mjs (plain JavaScript, shared by scripts/test.mjs and packages/web/test/harness.ts). */
export declare const ROOT: string;
export declare const WEB: string;
export declare const DIST: string;
/** true when dist is missing or not newer than the sources (src/, index.html, vite.config.ts). */
export declare function webBuildStale(): boolean;
/** vite build when dist is stale; throws with vite's output when the build fails. @returns whether it built */
export declare function ensureWebBuilt(): boolean;
