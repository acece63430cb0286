// Worker entry: registers the TypeScript loader inside the worker thread (loader hooks registered on the main
// thread do not reach workers on Node 20), then runs the worker.
import { register } from 'tsx/esm/api';
register();
await import('./pglite-worker.ts');
