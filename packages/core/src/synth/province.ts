import type { Agency, CalendarYear, CaseDoc, EnforcementItem, ExternalRecord, Person } from '../model.ts';
import { fromDayNumber, isoWeekday, toDayNumber } from '../calendar/dates.ts';
import type { LegalCalendar } from '../calendar/legal-calendar.ts';
import { resolveRates } from './faults.ts';
import type { FaultKind, FaultRates, TruthEntry } from './faults.ts';
import { buildAgencies, buildItems, buildPeople } from './registry.ts';
import type { AgencyInfo, ItemInfo, PersonInfo } from './registry.ts';
import { Rng, deriveSeed } from './rng.ts';
import { GROUP_SIZE, buildCase } from './case.ts';

/** Options of a synthetic province. */
export interface SynthOptions {
  /** any non-negative integer; the same (seed, year, cases, rates) always gives the same data */
  seed: number;
  year: number;
  /** number of case documents */
  cases: number;
  /** fault rates overriding `FAULTS[*].rate` */
  rates?: Partial<Record<string, number>>;
  /**
   * Local date 'YYYY-MM-DD' within `year` at which the data is cut (default: 31 December): no event or record after
   * it, cases still in progress are open as of that day, and faults whose evidence lies after it are not in the truth.
   */
  until?: string;
}

/** One generated case with everything that belongs to it. */
export interface SynthCase {
  index: number;
  doc: CaseDoc;
  /** external records (complaints, ratings, surveys, reconsideration, litigation) about the case or its agency */
  records: ExternalRecord[];
  /** faults injected into this case and signals recorded about it */
  truth: TruthEntry[];
  /** fault kinds this case was eligible for (the denominators of the rates) */
  eligible: FaultKind[];
  /** probability this case had of getting each eligible fault (after the agency multiplier) */
  expected: Partial<Record<FaultKind, number>>;
  /** still open at the cut-off day (`until`, default 31 December): its later events are cut off */
  open: boolean;
}

/** An agency with its staff and generation parameters. @internal */
export interface AgencyCtx {
  info: AgencyInfo;
  index: number;
  /** fault multiplier: < 1 cleaner than average, > 1 worse */
  multiplier: number;
  handlers: PersonInfo[];
  expiredHandlers: PersonInfo[];
  reviewers: PersonInfo[];
  approvers: PersonInfo[];
}

/** Shared read-only context of case generation. @internal */
export interface ProvinceCtx {
  seed: number;
  year: number;
  cases: number;
  rates: FaultRates;
  /** the legal calendar all working-day arithmetic uses (day numbers: `*Num` methods) */
  cal: LegalCalendar;
  yearStart: number;
  yearEnd: number;
  /** the cut-off day (`SynthOptions.until`, default `yearEnd`): nothing happens after it */
  until: number;
  /** how many of `workdays` / `openDays` fall on or before `until` */
  workdaysToUntil: number;
  openDaysToUntil: number;
  /** working days of the year, for picking dates */
  workdays: number[];
  /** non-holiday days of the year (weekends included) */
  openDays: number[];
  agencies: AgencyCtx[];
  /** cumulative weights over `agencies` (tiny agencies weigh 0) */
  cumWeights: number[];
  itemsByDomain: Map<string, ItemInfo[]>;
  /** case index → agency index, for the tiny agencies */
  tinyAt: Map<number, number>;
  /** period of similar-case groups (0: none) */
  groupPeriod: number;
  idWidth: number;
}

const MULTIPLIERS = [0.25, 0.5, 0.8, 1, 1, 1.2, 1.6, 2.2];

/**
 * A deterministic synthetic province for one year (cut at `until`, by default its last day): registries (agencies, people, enforcement items, calendar)
 * built up front, and cases generated one at a time from a seed derived from (seed, index), so any number of cases
 * streams in constant memory. Pure: the seed and the legal calendar (e.g. `chinaCalendar()`) are arguments.
 */
export class SynthProvince {
  readonly agencies: Agency[];
  readonly people: Person[];
  readonly items: EnforcementItem[];
  readonly calendar: CalendarYear;
  readonly rates: FaultRates;
  /** agency code → fault multiplier */
  readonly multipliers: Record<string, number>;
  readonly #ctx: ProvinceCtx;

  constructor(opts: SynthOptions, cal: LegalCalendar) {
    const { seed, year, cases } = opts;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative integer');
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError('year must be an integer in 2000..2100');
    if (!Number.isSafeInteger(cases) || cases < 0) throw new RangeError('cases must be a non-negative integer');
    const rates = resolveRates(opts.rates);
    const infos = buildAgencies();
    const rng = new Rng(deriveSeed(seed, 'multipliers'));
    const agencies: AgencyCtx[] = infos.map((info, index) => {
      const staff = buildPeople(seed, year, index, info);
      const yearStartIso = `${year}-01-01`;
      return {
        info, index, multiplier: info.tiny ? 1 : rng.pick(MULTIPLIERS),
        handlers: staff.filter((p) => p.person.posts.includes('handler') && p.validTo >= yearStartIso),
        expiredHandlers: staff.filter((p) => p.person.posts.includes('handler') && p.validTo < yearStartIso),
        reviewers: staff.filter((p) => p.person.posts.includes('reviewer')),
        approvers: staff.filter((p) => p.person.posts.includes('approver')),
        staff,
      } as AgencyCtx & { staff: PersonInfo[] };
    });
    // normalise the multipliers within each domain, weighted by case volume, so a domain's mean rate is the rate
    for (const d of new Set(infos.map((a) => a.agency.domain))) {
      const ds = agencies.filter((a) => a.info.agency.domain === d && !a.info.tiny);
      const w = ds.reduce((s, a) => s + a.info.weight, 0);
      const m = ds.reduce((s, a) => s + a.info.weight * a.multiplier, 0) / w;
      for (const a of ds) a.multiplier = Math.round((a.multiplier / m) * 1000) / 1000;
    }
    const cumWeights: number[] = [];
    let acc = 0;
    for (const a of agencies) cumWeights.push((acc += a.info.weight));
    const itemsByDomain = new Map<string, ItemInfo[]>();
    const items = buildItems(year);
    for (const it of items) {
      const l = itemsByDomain.get(it.item.domain) ?? [];
      l.push(it);
      itemsByDomain.set(it.item.domain, l);
    }
    const yearStart = toDayNumber(`${year}-01-01`);
    const yearEnd = toDayNumber(`${year}-12-31`);
    const untilIso = opts.until ?? `${year}-12-31`;
    const until = /^\d{4}-\d\d-\d\d$/.test(untilIso) ? toDayNumber(untilIso) : NaN;
    if (!(until >= yearStart && until <= yearEnd) || fromDayNumber(until) !== untilIso) {
      throw new RangeError(`until must be a date YYYY-MM-DD within ${year}, got "${untilIso}"`);
    }
    const holidays = statutoryHolidays(cal, yearStart, yearEnd);
    const workdays: number[] = [];
    const openDays: number[] = [];
    for (let d = yearStart; d <= yearEnd; d++) {
      if (cal.isWorkingDayNum(d)) workdays.push(d);
      if (!holidays.has(d)) openDays.push(d);
    }
    const workdaysToUntil = workdays.filter((d) => d <= until).length;
    const openDaysToUntil = openDays.filter((d) => d <= until).length;
    if (workdaysToUntil === 0) throw new RangeError(`until (${untilIso}) must not precede the first working day of ${year}`);
    const groupPeriod = rates['disparate-penalty'] > 0 ? Math.max(2 * GROUP_SIZE, Math.round(1 / rates['disparate-penalty'])) : 0;
    // the tiny agencies get 3 and 2 cases at fixed indices spread over the run (never inside a similar-case group)
    const tinyAt = new Map<number, number>();
    const tinyIdx = TINY_FRACTIONS.map((fs, k) => {
      const code = ['330127-WGLY', '330182-WSJK'][k]!;
      return { fs, agency: agencies.findIndex((a) => a.info.agency.code === code) };
    });
    for (const { fs, agency } of tinyIdx) {
      for (const f of fs) {
        let i = Math.floor(cases * f);
        if (groupPeriod && i % groupPeriod < GROUP_SIZE) i += GROUP_SIZE - (i % groupPeriod);
        if (i < cases && !tinyAt.has(i) && agency >= 0) tinyAt.set(i, agency);
      }
    }
    this.#ctx = {
      seed, year, cases, rates, cal, yearStart, yearEnd, until, workdaysToUntil, openDaysToUntil, workdays, openDays, agencies, cumWeights, itemsByDomain,
      tinyAt, groupPeriod, idWidth: Math.max(6, String(cases).length),
    };
    this.agencies = infos.map((a) => a.agency);
    this.people = agencies.flatMap((a) => (a as AgencyCtx & { staff: PersonInfo[] }).staff.map((p) => p.person));
    this.items = items.map((i) => i.item);
    this.calendar = calendarYear(cal, holidays, year, yearStart, yearEnd);
    this.rates = rates;
    this.multipliers = Object.fromEntries(agencies.map((a) => [a.info.agency.code, a.multiplier]));
  }

  get size(): number {
    return this.#ctx.cases;
  }

  /** Case number `index` (0-based): generated on demand from (seed, index); nothing is cached. */
  caseAt(index: number): SynthCase {
    if (!Number.isInteger(index) || index < 0 || index >= this.#ctx.cases) throw new RangeError(`case index ${index} out of range`);
    return buildCase(this.#ctx, index);
  }

  /** All cases in order, one at a time. */
  *cases(from = 0, to = this.#ctx.cases): Generator<SynthCase> {
    for (let i = from; i < to; i++) yield buildCase(this.#ctx, i);
  }
}

const TINY_FRACTIONS = [[0.17, 0.53, 0.89], [0.31, 0.71]] as const;

/**
 * Day numbers in [from, to] that are statutory public holidays (a loaded schedule's holidays that are rest days),
 * as opposed to ordinary weekends: the one thing the generator needs that `LegalCalendar` does not answer directly.
 */
function statutoryHolidays(cal: LegalCalendar, from: number, to: number): Set<number> {
  const out = new Set<number>();
  for (const s of cal.schedules()) {
    for (const h of s.holidays) {
      const d = toDayNumber(h);
      if (d >= from && d <= to && !cal.isWorkingDayNum(d)) out.add(d);
    }
  }
  return out;
}

/** The `kaohe.calendar/v1` record of the year: its statutory holidays and make-up working weekend days (调休). */
function calendarYear(cal: LegalCalendar, holidays: Set<number>, year: number, from: number, to: number): CalendarYear {
  const hs: string[] = [];
  const ws: string[] = [];
  for (let d = from; d <= to; d++) {
    if (holidays.has(d)) hs.push(fromDayNumber(d));
    else if (isoWeekday(d) >= 6 && cal.isWorkingDayNum(d)) ws.push(fromDayNumber(d));
  }
  return { year, holidays: hs, workdays: ws, source: `chinese-days（国务院办公厅关于${year}年部分节假日安排的通知）` };
}

