/**
 * Server-sent events for long jobs (imports, assessments): a job hub that keeps each job's events (replayed to late
 * subscribers) and `sendSse`, which streams an async iterable as `text/event-stream`.
 */
import type { FastifyReply } from 'fastify';

export interface JobEvent {
  /** `progress`, `done`, `error` … */
  event: string;
  data: unknown;
}

interface Job {
  events: JobEvent[];
  done: boolean;
  waiters: Set<() => void>;
  /** who may watch it: the scope check of the caller */
  owner: { agency: string | null; region: string | null; username: string };
  createdAt: number;
}

/** In-memory progress of running jobs (one process); finished jobs are dropped after `ttlMs`. */
export class JobHub {
  readonly #jobs = new Map<string, Job>();
  constructor(private readonly ttlMs = 10 * 60_000) {}

  create(id: string, owner: Job['owner']): void {
    this.#sweep();
    this.#jobs.set(id, { events: [], done: false, waiters: new Set(), owner, createdAt: Date.now() });
  }

  has(id: string): boolean {
    return this.#jobs.has(id);
  }

  owner(id: string): Job['owner'] | undefined {
    return this.#jobs.get(id)?.owner;
  }

  emit(id: string, event: string, data: unknown): void {
    const j = this.#jobs.get(id);
    if (!j || j.done) return;
    j.events.push({ event, data });
    if (event === 'done' || event === 'error') j.done = true;
    for (const w of j.waiters) w();
    j.waiters.clear();
  }

  /** Every event of the job so far, then the live ones, until `done` or `error`. */
  async *subscribe(id: string): AsyncGenerator<JobEvent> {
    const j = this.#jobs.get(id);
    if (!j) return;
    let i = 0;
    for (;;) {
      while (i < j.events.length) yield j.events[i++]!;
      if (j.done) return;
      await new Promise<void>((r) => j.waiters.add(r));
    }
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.#jobs) if (j.done && now - j.createdAt > this.ttlMs) this.#jobs.delete(id);
  }
}

/** Stream events as SSE; a comment line every 15 s keeps proxies from closing the connection. */
export async function sendSse(reply: FastifyReply, events: AsyncIterable<JobEvent>): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  let n = 0;
  try {
    for await (const e of events) {
      if (res.destroyed) break;
      res.write(`id: ${n++}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    }
  } finally {
    clearInterval(ping);
    res.end();
  }
}
