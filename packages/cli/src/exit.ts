import { localDateProblem } from '@kaohe/core';
/** Exit codes of `kaohe`: 0 done, 1 rejected input, 2 usage/config error or unreadable input. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

/** Thrown by a command to end with a code and a message on stderr. */
export class CliExit extends Error {
  constructor(public readonly code: number, message = '') {
    super(message);
  }
}

/** A day given as an option (`--as-of`, `--until`, `--before`): a real calendar day YYYY-MM-DD, else exit 2 with why. */
export function dayOption(name: string, value: string): string {
  const p = localDateProblem(name, value);
  if (p) throw new CliExit(EXIT_USAGE, `kaohe: ${p.zh} | ${p.en}`);
  return value;
}
