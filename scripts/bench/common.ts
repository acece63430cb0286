/** Helpers shared by the benchmark sections: child processes with their peak memory, figures, a results table. */
import { spawn } from 'node:child_process';

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** peak resident set of the child, MB (from its own process.resourceUsage) */
  peakMb?: number;
}

/** Runs a TypeScript file of scripts/bench in a child process (tsx), returning its output and wall time. */
export function runTs(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /PEAK_RSS_MB=(\d+(?:\.\d+)?)/.exec(stdout + stderr);
      resolve({ code: code ?? 1, stdout, stderr, ms: performance.now() - t0, ...(m ? { peakMb: Number(m[1]) } : {}) });
    });
  });
}

/** Prints this process's peak RSS in a form `runTs` picks up. */
export function reportPeak(): void {
  process.stdout.write(`PEAK_RSS_MB=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}\n`);
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface Row {
  section: string;
  what: string;
  figure: string;
  note?: string;
}

export function table(rows: Row[]): string {
  const w = [0, 0, 0];
  for (const r of rows) {
    w[0] = Math.max(w[0]!, r.section.length);
    w[1] = Math.max(w[1]!, r.what.length);
    w[2] = Math.max(w[2]!, r.figure.length);
  }
  return rows.map((r) => `${r.section.padEnd(w[0]!)}  ${r.what.padEnd(w[1]!)}  ${r.figure.padStart(w[2]!)}  ${r.note ?? ''}`.trimEnd()).join('\n');
}

export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
