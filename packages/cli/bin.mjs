#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through the tsx loader. The exit code is set, never forced with process.exit, so
// that piped stdout drains in full (a pipe takes 64 KiB at a time; process.exit would cut the rest).
import { register } from 'tsx/esm/api';
register();
const { run } = await import('./src/main.ts');
await run(process.argv.slice(2));
