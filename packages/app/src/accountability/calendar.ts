import { stepDueDay, type LegalCalendar, type MatterStep } from '@kaohe/core';
import type { Queryable } from '@kaohe/store';
import { loadCalendar } from '../cases.ts';

/** The due day of a step entered on `since`, on the legal calendar (official schedules plus loaded years); null: no period. */
export async function dueOfStep(db: Queryable, step: string, since: string, calendar?: LegalCalendar): Promise<{ day: string | null; provisional: number[] }> {
  return stepDueDay(step as MatterStep, since, calendar ?? (await loadCalendar(db)));
}
