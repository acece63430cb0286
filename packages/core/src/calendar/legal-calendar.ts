import type { CalendarYear } from '../model.ts';
import { dayNumberOf, fromDayNumber, isoWeekday, toDayNumber, yearOfDay } from './dates.ts';

/** A computed local date and the years without a loaded schedule it depended on (weekends only: provisional). */
export interface DueDate {
  date: string;
  /** sorted years the computation crossed that have no loaded schedule; empty when final */
  provisional: number[];
}

export interface WorkingDayCount {
  days: number;
  provisional: number[];
}

const NONE: number[] = Object.freeze([]) as unknown as number[];

/** Collects provisional years without allocating in the common (none) case. */
class YearSink {
  years: number[] = NONE;
  /** Empties the sink (results taken earlier keep their own array). */
  reset(): void { this.years = NONE; }
  add(y: number): void {
    if (this.years === NONE) this.years = [y];
    else if (!this.years.includes(y)) { this.years.push(y); this.years.sort((a, b) => a - b); }
  }
}

/** See LegalCalendar #table. */
interface DayTable { base: number; work: Uint8Array; before: Int32Array; nth: Int32Array }

const DAY_WORK = 1;
const DAY_REST = 2;

/**
 * The statutory working-day calendar of a jurisdiction: weekends, public holidays and make-up working days (调休)
 * of every year whose official schedule is loaded. A year with no schedule counts weekends only and every result
 * that depended on it names that year in `provisional` (DESIGN.md "Legal time"). Immutable; pure.
 */
export class LegalCalendar {
  /** day number → DAY_WORK / DAY_REST overrides of the weekday rule */
  readonly #override = new Map<number, number>();
  readonly #years = new Set<number>();
  readonly #schedules: readonly CalendarYear[];

  /** Later schedules of the same year replace earlier ones (an admin-loaded year overrides the seed). */
  constructor(schedules: readonly CalendarYear[]) {
    const byYear = new Map<number, CalendarYear>();
    for (const s of schedules) byYear.set(s.year, s);
    this.#schedules = Object.freeze([...byYear.values()].sort((a, b) => a.year - b.year));
    for (const s of this.#schedules) {
      this.#years.add(s.year);
      for (const d of s.holidays) {
        const n = toDayNumber(d);
        if (Number.isNaN(n)) throw new RangeError(`calendar ${s.year}: bad holiday date ${d}`);
        this.#override.set(n, DAY_REST);
      }
      for (const d of s.workdays) {
        const n = toDayNumber(d);
        if (Number.isNaN(n)) throw new RangeError(`calendar ${s.year}: bad make-up working day ${d}`);
        this.#override.set(n, DAY_WORK);
      }
    }
  }

  /** A new calendar with these schedules added (replacing loaded years of the same number). */
  withYears(schedules: readonly CalendarYear[]): LegalCalendar {
    return new LegalCalendar([...this.#schedules, ...schedules]);
  }

  /** The loaded schedules, by year. */
  schedules(): readonly CalendarYear[] {
    return this.#schedules;
  }

  /** True when the official schedule of `year` is loaded. */
  hasSchedule(year: number): boolean {
    return this.#years.has(year);
  }

  /** Working day by day number (weekends only for a year with no schedule). */
  isWorkingDayNum(n: number): boolean {
    const t = this.#table ?? this.#buildTable();
    const i = n - t.base;
    if (i >= 0 && i < t.work.length && (i | 0) === i) return t.work[i] === 1;
    return this.#isWorkingSlow(n);
  }

  #isWorkingSlow(n: number): boolean {
    const o = this.#override.get(n);
    if (o !== undefined) return o === DAY_WORK;
    return isoWeekday(n) <= 5;
  }

  /** True when `date` ('YYYY-MM-DD') is a working day. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNum(checkDate(date));
  }

  /**
   * Working-day index over a span of years around the loaded schedules (built on first use; the calendar is
   * immutable): `work[i]` tells whether day `base + i` is a working day, `before[i]` counts the working days from
   * `base` to the day before, `nth[k]` is the offset of the k-th working day. Period arithmetic inside the span is then
   * a few array reads instead of a walk day by day; outside it, the walk.
   */
  #table: DayTable | undefined;
  #buildTable(): DayTable {
    let lo = 2000, hi = 2030;
    for (const s of this.#schedules) { lo = Math.min(lo, s.year); hi = Math.max(hi, s.year); }
    const base = dayNumberOf(lo - 10, 1, 1);
    const n = dayNumberOf(hi + 31, 1, 1) - base;
    const work = new Uint8Array(n);
    const before = new Int32Array(n + 1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      before[i] = count;
      if (this.#isWorkingSlow(base + i)) { work[i] = 1; count++; }
    }
    before[n] = count;
    const nth = new Int32Array(count);
    for (let i = 0, k = 0; i < n; i++) if (work[i] === 1) nth[k++] = i;
    this.#table = { base, work, before, nth };
    return this.#table;
  }

  /** Notes, for the sink, the years without a schedule among the days lo..hi (inclusive, consecutive). */
  #noteSpan(lo: number, hi: number, sink: YearSink | undefined): void {
    if (!sink || hi < lo) return;
    const y1 = yearOfDay(lo), y2 = yearOfDay(hi);
    for (let y = y1; y <= y2; y++) if (!this.#years.has(y)) sink.add(y);
  }

  #cacheFrom = 1;
  #cacheTo = 0;
  #cacheYear = 0;
  #cacheHas = true;
  #note(n: number, sink: YearSink | undefined): void {
    if (!sink) return;
    if (n < this.#cacheFrom || n > this.#cacheTo) {
      const y = yearOfDay(n);
      this.#cacheYear = y;
      this.#cacheFrom = dayNumberOf(y, 1, 1);
      this.#cacheTo = dayNumberOf(y + 1, 1, 1) - 1;
      this.#cacheHas = this.#years.has(y);
    }
    if (!this.#cacheHas) sink.add(this.#cacheYear);
  }

  /** The first working day on or after day `n`. */
  rollForwardNum(n: number, sink?: YearSink): number {
    const t = this.#table ?? this.#buildTable();
    const i = n - t.base;
    if (i >= 0 && i < t.work.length && (i | 0) === i) {
      const k = t.before[i]!;
      if (k < t.nth.length) {
        const d = t.base + t.nth[k]!;
        this.#noteSpan(n, d, sink);
        return d;
      }
    }
    let d = n;
    for (;;) {
      this.#note(d, sink);
      if (this.isWorkingDayNum(d)) return d;
      d++;
    }
  }

  /** Day number of D + n calendar days, rolled forward to a working day when asked. */
  addCalendarDaysNum(d: number, n: number, rollForward: boolean, sink?: YearSink): number {
    const due = d + n;
    return rollForward ? this.rollForwardNum(due, sink) : due;
  }

  /** Day number of the n-th working day after D (D excluded); n = 0 gives D itself. */
  addWorkingDaysNum(d: number, n: number, sink?: YearSink): number {
    const t = this.#table ?? this.#buildTable();
    const i = d - t.base;
    if (n !== 0 && i >= 0 && i < t.work.length && (i | 0) === i && Number.isInteger(n)) {
      // working days up to and including D: before[i] + work[i]
      const k = n > 0 ? t.before[i]! + t.work[i]! + n - 1 : t.before[i]! + n;
      if (k >= 0 && k < t.nth.length) {
        const day = t.base + t.nth[k]!;
        if (n > 0) this.#noteSpan(d + 1, day, sink); else this.#noteSpan(day, d - 1, sink);
        return day;
      }
    }
    let day = d;
    let left = n;
    while (left > 0) {
      day++;
      this.#note(day, sink);
      if (this.isWorkingDayNum(day)) left--;
    }
    while (left < 0) {
      day--;
      this.#note(day, sink);
      if (this.isWorkingDayNum(day)) left++;
    }
    return day;
  }

  /** Working days d with a < d ≤ b (negative when b < a). */
  workingDaysBetweenNum(a: number, b: number, sink?: YearSink): number {
    if (b < a) return -this.workingDaysBetweenNum(b, a, sink);
    const t = this.#table ?? this.#buildTable();
    if (a - t.base >= 0 && b + 1 - t.base <= t.work.length && Number.isInteger(a) && Number.isInteger(b)) {
      this.#noteSpan(a + 1, b, sink);
      return t.before[b + 1 - t.base]! - t.before[a + 1 - t.base]!;
    }
    let count = 0;
    for (let d = a + 1; d <= b; d++) {
      this.#note(d, sink);
      if (this.isWorkingDayNum(d)) count++;
    }
    return count;
  }

  /**
   * Due day of a calendar-day period: D + N, moved to the next working day if that is not one and `rollForward`.
   * Only the roll-forward depends on the schedule, so only the days it looked at can make the result provisional.
   */
  addCalendarDays(date: string, n: number, opts: { rollForward?: boolean } = {}): DueDate {
    const sink = new YearSink();
    const d = this.addCalendarDaysNum(checkDate(date), n, opts.rollForward ?? true, sink);
    return { date: fromDayNumber(d), provisional: sink.years };
  }

  /** Due day of a working-day period: the n-th working day after `date` (`date` excluded). */
  addWorkingDays(date: string, n: number): DueDate {
    const sink = new YearSink();
    const d = this.addWorkingDaysNum(checkDate(date), n, sink);
    return { date: fromDayNumber(d), provisional: sink.years };
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: string, to: string): WorkingDayCount {
    const sink = new YearSink();
    const days = this.workingDaysBetweenNum(checkDate(from), checkDate(to), sink);
    return { days, provisional: sink.years };
  }
}

export { YearSink };

function checkDate(date: string): number {
  const n = toDayNumber(date);
  if (Number.isNaN(n)) throw new RangeError(`not a local date YYYY-MM-DD: ${date}`);
  return n;
}
