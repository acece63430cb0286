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
