/** Assessment periods: a quarter (2026Q1), a half-year (2026H1) or a year (2026). */
export interface Period {
  id: string;
  year: number;
  /** first and last day, inclusive */
  from: string;
  to: string;
}

const LAST_DAY = ['', '01-31', '02-28', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31'];
const end = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}-${m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? '29' : LAST_DAY[m]!.slice(3)}`;

/** Parses `2026Q1`, `2026H1` or `2026`. @throws RangeError */
export function parsePeriod(id: string): Period {
  const m = /^(\d{4})(?:(Q)([1-4])|(H)([12]))?$/.exec(id);
  if (!m) throw new RangeError(`period must be YYYY, YYYYQn or YYYYHn (e.g. 2026, 2026Q1, 2026H1), got "${id}"`);
  const year = Number(m[1]);
  let first = 1, last = 12;
  if (m[2]) { first = (Number(m[3]) - 1) * 3 + 1; last = first + 2; }
  if (m[4]) { first = m[5] === '1' ? 1 : 7; last = first + 5; }
  return { id, year, from: `${year}-${String(first).padStart(2, '0')}-01`, to: end(year, last) };
}

/** The same period one year earlier (for year-on-year comparisons). */
export function previousYearPeriod(p: Period): Period {
  return parsePeriod(String(p.year - 1) + p.id.slice(4));
}

/** The period cut at the as-of date (nothing after it is seen); null when the period starts after it. */
export function cutPeriod(p: Period, asOf: string): { from: string; to: string } | null {
  if (asOf < p.from) return null;
  return { from: p.from, to: asOf < p.to ? asOf : p.to };
}
