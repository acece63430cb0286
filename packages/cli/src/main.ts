#!/usr/bin/env node
/**
 * The `kaohe` command. Each verb lives in `commands/<verb>.ts` and exports `register(program)`; they are loaded here
 * in name order. Exit codes: 0 done, 1 rejected input, 2 usage or configuration error.
 */
import { Command, CommanderError } from 'commander';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, NotAKaoheDatabaseError } from '@kaohe/app';
import { EXIT_USAGE, CliExit } from './exit.ts';

export async function buildProgram(): Promise<Command> {
  const program = new Command('kaohe')
    .description('Kaohe 考核 — administrative law-enforcement assessment and accountability')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const dir = fileURLToPath(new URL('./commands/', import.meta.url));
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
    const mod = (await import(new URL(`./commands/${f}`, import.meta.url).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.message) process.stderr.write(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return e.code;
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof NotAKaoheDatabaseError) {
      process.stderr.write(`kaohe: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      return EXIT_USAGE;
    }
    throw e;
  }
}

/**
 * The one exit path of every verb: runs `main`, sets `process.exitCode` (never `process.exit`, which would cut piped
 * stdout at 64 KiB) and turns an unexpected error into one line on stderr; the stack only with KAOHE_DEBUG set.
 */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    const debug = !!process.env.KAOHE_DEBUG;
    const text = e instanceof Error ? (debug ? (e.stack ?? e.message) : e.message) : String(e);
    process.stderr.write(`kaohe: ${debug ? text : text.split('\n')[0]}${debug ? '' : ' (KAOHE_DEBUG=1 shows the stack)'}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void run(process.argv.slice(2));
