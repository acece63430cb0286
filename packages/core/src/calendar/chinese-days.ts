import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarYear } from '../model.ts';
import { LegalCalendar } from './legal-calendar.ts';

/**
 * The official PRC holiday schedules (国务院办公厅关于部分节假日安排的通知) as held by the `chinese-days` package:
 * for each year it covers, the public-holiday dates and the make-up working days (调休上班). Nothing hand-written.
 */
export function chineseDaysSchedules(): CalendarYear[] {
  const table = data as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = new Map<number, CalendarYear>();
  const get = (date: string): CalendarYear => {
    const y = Number(date.slice(0, 4));
    let c = years.get(y);
    if (!c) {
      c = { year: y, holidays: [], workdays: [], source: 'chinese-days (国务院办公厅节假日安排通知)' };
      years.set(y, c);
    }
    return c;
  };
  for (const d of Object.keys(table.holidays)) get(d).holidays.push(d);
  for (const d of Object.keys(table.workdays)) get(d).workdays.push(d);
  const out = [...years.values()].sort((a, b) => a.year - b.year);
  for (const c of out) { c.holidays.sort(); c.workdays.sort(); }
  return out;
}

/** The PRC legal calendar: the chinese-days seed plus admin-loaded schedules (which replace a seeded year). */
export function chinaCalendar(extra: readonly CalendarYear[] = []): LegalCalendar {
  return new LegalCalendar([...chineseDaysSchedules(), ...extra]);
}
