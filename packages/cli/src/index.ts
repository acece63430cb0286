export { main, buildProgram } from './main.ts';
export { CliExit, EXIT_OK, EXIT_REJECTED, EXIT_USAGE } from './exit.ts';
