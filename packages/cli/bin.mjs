#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through the tsx loader.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('./src/main.ts');
process.exit(await main(process.argv.slice(2)));
