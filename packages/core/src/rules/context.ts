import type { CaseDoc, CaseEvent, ExternalRecord, Penalty } from '../model.ts';
import type { LegalCalendar } from '../calendar/legal-calendar.ts';
import { instantMs, localDayOfMs, toDayNumber } from '../calendar/dates.ts';
import type { PersonRegistry } from './types.ts';

const EMPTY: readonly number[] = Object.freeze([]);

/**
 * One case prepared for the rules: events ordered by instant (stable), cut at the as-of date, their local days
 * computed once, and indexed by type once. Templates read it; nothing here allocates per rule.
 */
export class CaseContext {
  readonly doc: CaseDoc;
  readonly events: CaseEvent[];
  readonly day: Int32Array;
  readonly byType = new Map<string, number[]>();
  readonly asOfDay: number;
  readonly calendar: LegalCalendar;
  readonly records: readonly ExternalRecord[];
  readonly registry: PersonRegistry | undefined;
  readonly timezone: string;
  #pendingLimit = NaN;
  readonly pendingWorkingDays: number;
  #penalty: Penalty | undefined | null = null;

  constructor(doc: CaseDoc, asOfDay: number, calendar: LegalCalendar, timezone: string, pendingWorkingDays: number,
    records: readonly ExternalRecord[] | undefined, registry: PersonRegistry | undefined) {
    this.doc = doc;
    this.asOfDay = asOfDay;
    this.calendar = calendar;
    this.timezone = timezone;
    this.pendingWorkingDays = pendingWorkingDays;
    this.records = records ?? [];
    this.registry = registry;
    const src = doc.events ?? [];
    const n = src.length;
    const ms = new Float64Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      ms[i] = instantMs(src[i]!.at);
      if (i > 0 && ms[i]! < ms[i - 1]!) sorted = false;
    }
    let order: number[] | null = null;
    if (!sorted) {
      order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => (ms[a]! - ms[b]!) || (a - b));
    }
    const events: CaseEvent[] = [];
    const day = new Int32Array(n);
    const own = timezone === 'own-offset';
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j]! : j;
      const e = src[i]!;
      const m = ms[i]!;
      if (Number.isNaN(m)) continue; // unreadable instant: ingest reports it; rules cannot place it
      const d = own ? toDayNumber(e.at) : localDayOfMs(m, timezone);
      if (d > asOfDay) continue;
      events.push(e);
      day[k] = d;
      let list = this.byType.get(e.type);
      if (!list) { list = []; this.byType.set(e.type, list); }
      list.push(k);
      k++;
    }
    this.events = events;
    this.day = k === n ? day : day.subarray(0, k);
  }

  /** Indices (in time order) of events of a type. */
  ofType(type: string): readonly number[] {
    return this.byType.get(type) ?? EMPTY;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Day number of the last day of the pending window (as-of + N working days). */
  get pendingLimit(): number {
    if (Number.isNaN(this.#pendingLimit)) this.#pendingLimit = this.calendar.addWorkingDaysNum(this.asOfDay, this.pendingWorkingDays);
    return this.#pendingLimit;
  }

  /** The case's penalty: the document's, else that of the latest decision. */
  get penalty(): Penalty | undefined {
    if (this.#penalty === null) {
      let p = this.doc.penalty;
      if (!p) {
        const ds = this.ofType('decision.made');
        if (ds.length) p = this.events[ds[ds.length - 1]!]!['penalty'] as Penalty | undefined;
      }
      this.#penalty = p;
    }
    return this.#penalty;
  }
}
