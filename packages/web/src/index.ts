import { fileURLToPath } from 'node:url';

/** Folder of the built web application (`vite build` output), served by the server as its web root. */
export const webRoot: string = fileURLToPath(new URL('../dist', import.meta.url));
