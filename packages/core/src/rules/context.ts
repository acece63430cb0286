import type { CaseDoc, CaseEvent, ExternalRecord, Penalty } from '../model.ts';
import type { LegalCalendar } from '../calendar/legal-calendar.ts';
import { instantMsInto, localDayOfMs, toDayNumber } from '../calendar/dates.ts';
import type { PersonRegistry } from './types.ts';

const EMPTY: readonly number[] = Object.freeze([]);
const NO_EVENTS: CaseEvent[] = Object.freeze([]) as unknown as CaseEvent[];
const NO_RECORDS: readonly ExternalRecord[] = Object.freeze([]);

/**
 * Event types that rules ask about, interned to small integers ("slots"): compiled packs resolve their act types to
 * slots once, and a case's index by type is then an array lookup. Only types some rule names (or some check asks
 * `ofType` about) get a slot, so the table is bounded by the packs, not by the input's vocabulary.
 */
const SLOTS = new Map<string, number>();
/** lazily registered slots (a TypeScript check asking about a type no compiled rule names) stop here */
const MAX_LAZY_SLOTS = 1 << 16;


/** The slot of an event type, registering it (at pack compile time). */
export function typeSlot(type: string): number {
  let s = SLOTS.get(type);
  if (s === undefined) {
    s = SLOTS.size;
    SLOTS.set(type, s);
  }
  return s;
}

const DECISION = typeSlot('decision.made');

/**
 * One case prepared for the rules: events ordered by instant (stable), cut at the as-of date, their local days
 * computed once, and indexed by type once. Templates read it; nothing here allocates per rule.
 *
 * The engine reuses one context from case to case (`load`), so its buffers are allocated once: `day` may be longer
 * than `events` (read `day[i]` for `i < events.length` only).
 */
export class CaseContext {
  doc!: CaseDoc;
  /** the case's events in time order, those after the as-of day left out (the document's own array when it is so) */
  events: CaseEvent[] = NO_EVENTS;
  /** local day number of each event (index as `events`) */
  day: Int32Array = new Int32Array(16);
  asOfDay = NaN;
  calendar!: LegalCalendar;
  records: readonly ExternalRecord[] = NO_RECORDS;
  registry: PersonRegistry | undefined;
  timezone = '';
  pendingWorkingDays = 0;

  #ms = new Float64Array(16);
  /** slot of each event's type, -1 when no rule asks about it (index as `events`) */
  #slotOf = new Int32Array(16);
  /** per slot: the generation (loaded case) its list belongs to, and the list */
  #stamp = new Int32Array(64);
  #lists: number[][] = [];
  #gen = 0;
  /** slots that existed when the case was indexed; later ones are indexed on demand */
  #indexed = 0;
  #pendingLimit = NaN;
  #plAsOf = NaN;
  #plCal: LegalCalendar | undefined;
  #plDays = -1;
  #penalty: Penalty | undefined | null = null;

  /** Prepares `doc` (see `load`); a context may be reloaded with other cases. */
  constructor(doc?: CaseDoc, asOfDay?: number, calendar?: LegalCalendar, timezone?: string, pendingWorkingDays?: number,
    records?: readonly ExternalRecord[], registry?: PersonRegistry) {
    if (doc) this.load(doc, asOfDay!, calendar!, timezone!, pendingWorkingDays!, records, registry);
  }

  /** Loads a case into this context, replacing the previous one (its buffers are reused). */
  load(doc: CaseDoc, asOfDay: number, calendar: LegalCalendar, timezone: string, pendingWorkingDays: number,
    records: readonly ExternalRecord[] | undefined, registry: PersonRegistry | undefined): this {
    this.doc = doc;
    this.asOfDay = asOfDay;
    this.calendar = calendar;
    this.timezone = timezone;
    this.pendingWorkingDays = pendingWorkingDays;
    this.records = records ?? NO_RECORDS;
    this.registry = registry;
    this.#penalty = null;
    if (++this.#gen === 0x7fffffff) { this.#stamp.fill(0); this.#gen = 1; }
    const nslots = SLOTS.size;
    if (this.#stamp.length < nslots) this.#growStamp(nslots);
    this.#indexed = nslots;

    const src = doc.events ?? NO_EVENTS;
    const n = src.length;
    if (this.#ms.length < n) {
      const cap = Math.max(n, this.#ms.length * 2);
      this.#ms = new Float64Array(cap);
      this.day = new Int32Array(cap);
      this.#slotOf = new Int32Array(cap);
    }
    const ms = this.#ms;
    let sorted = true;
    let prev = -Infinity;
    for (let i = 0; i < n; i++) {
      instantMsInto(src[i]!.at, ms, i);
      const m = ms[i]!;
      if (m < prev) sorted = false;
      prev = m;
    }
    let order: number[] | null = null;
    if (!sorted) {
      order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => (ms[a]! - ms[b]!) || (a - b));
    }
    const day = this.day;
    const slotOf = this.#slotOf;
    const stamp = this.#stamp;
    const lists = this.#lists;
    const gen = this.#gen;
    const own = timezone === 'own-offset';
    const shanghai = timezone === 'Asia/Shanghai';
    let events: CaseEvent[] | null = order ? [] : null; // null: the document's own array, while nothing is left out
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j]! : j;
      const e = src[i]!;
      const m = ms[i]!;
      let d = 0;
      let skip = m !== m; // unreadable instant: ingest reports it; rules cannot place it
      if (!skip) {
        if (own) d = toDayNumber(e.at);
        else if (shanghai && m >= 694224000000) d = Math.floor((m + 28800000) / 86400000); // = localDayOfMs (no DST since 1992)
        else d = localDayOfMs(m, timezone);
        skip = d > asOfDay;
      }
      if (skip) {
        if (events === null) { events = []; for (let x = 0; x < k; x++) events.push(src[x]!); }
        continue;
      }
      if (events !== null) events.push(e);
      day[k] = d; // (a NaN day, own-offset with an odd timestamp, is stored as 0, as it always was)
      const s = SLOTS.get(e.type);
      if (s === undefined) slotOf[k] = -1;
      else {
        slotOf[k] = s;
        if (stamp[s] !== gen) {
          stamp[s] = gen;
          lists[s] = [k];
        } else lists[s]!.push(k);
      }
      k++;
    }
    this.events = events ?? (src as CaseEvent[]);
    return this;
  }

  /** Drops the references to the last case (a pooled context holds no case data between evaluations). */
  release(): void {
    this.doc = undefined as unknown as CaseDoc;
    this.events = NO_EVENTS;
    this.records = NO_RECORDS;
    this.registry = undefined;
    this.#penalty = null;
    if (++this.#gen === 0x7fffffff) { this.#stamp.fill(0); this.#gen = 1; }
  }

  #growStamp(n: number): void {
    const s = new Int32Array(Math.max(n, this.#stamp.length * 2));
    s.set(this.#stamp);
    this.#stamp = s;
  }

  /** Indexes the slots registered since the case was loaded. */
  #indexMore(): void {
    const nslots = SLOTS.size;
    if (this.#stamp.length < nslots) this.#growStamp(nslots);
    const from = this.#indexed;
    this.#indexed = nslots;
    const ev = this.events;
    const slotOf = this.#slotOf;
    for (let k = 0; k < ev.length; k++) {
      if (slotOf[k] !== -1) continue;
      const s = SLOTS.get(ev[k]!.type);
      if (s === undefined || s < from) continue;
      slotOf[k] = s;
      if (this.#stamp[s] !== this.#gen) {
        this.#stamp[s] = this.#gen;
        this.#lists[s] = [k];
      } else this.#lists[s]!.push(k);
    }
  }

  /** Indices (in time order) of the events whose type has slot `s` (see `typeSlot`). */
  list(s: number): readonly number[] {
    if (s >= this.#indexed) this.#indexMore();
    return this.#stamp[s] === this.#gen ? this.#lists[s]! : EMPTY;
  }

  /** The slot of the type of event `k` (-1 when no rule asks about it). */
  slotAt(k: number): number {
    if (this.#indexed !== SLOTS.size) this.#indexMore();
    return this.#slotOf[k]!;
  }

  /** Indices (in time order) of events of a type. */
  ofType(type: string): readonly number[] {
    let s = SLOTS.get(type);
    if (s === undefined) {
      if (SLOTS.size >= MAX_LAZY_SLOTS) {
        const out: number[] = [];
        for (let k = 0; k < this.events.length; k++) if (this.events[k]!.type === type) out.push(k);
        return out.length ? out : EMPTY;
      }
      s = typeSlot(type);
    }
    return this.list(s);
  }

  has(type: string): boolean {
    return this.ofType(type).length > 0;
  }

  /** The index by type as a map (built on demand; templates use `ofType` / `list`). */
  get byType(): Map<string, number[]> {
    const m = new Map<string, number[]>();
    this.events.forEach((e, k) => {
      const l = m.get(e.type);
      if (l) l.push(k); else m.set(e.type, [k]);
    });
    return m;
  }

  /** Day number of the last day of the pending window (as-of + N working days). */
  get pendingLimit(): number {
    if (this.#plAsOf !== this.asOfDay || this.#plCal !== this.calendar || this.#plDays !== this.pendingWorkingDays) {
      this.#pendingLimit = this.calendar.addWorkingDaysNum(this.asOfDay, this.pendingWorkingDays);
      this.#plAsOf = this.asOfDay;
      this.#plCal = this.calendar;
      this.#plDays = this.pendingWorkingDays;
    }
    return this.#pendingLimit;
  }

  /** The case's penalty: the document's, else that of the latest decision. */
  get penalty(): Penalty | undefined {
    if (this.#penalty === null) {
      let p = this.doc.penalty;
      if (!p) {
        const ds = this.list(DECISION);
        if (ds.length) p = this.events[ds[ds.length - 1]!]!['penalty'] as Penalty | undefined;
      }
      this.#penalty = p;
    }
    return this.#penalty;
  }
}
