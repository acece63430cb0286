import { z } from 'zod';
import { evaluation } from '../agencies/edit.ts';

export const calendar = z.object({ year: z.number(), holidays: z.array(z.string()), workdays: z.array(z.string()), source: z.string().nullable(), loadedAt: z.string() });
export const calendarsList = z.object({ items: z.array(calendar.extend({ editedBy: z.string().nullable() })) });
/** a `kaohe.calendar/v1` record (the JSON of an uploaded file may be sent as it is); content validated by the app */
export const loadCalendarBody = z.strictObject({
  schema: z.literal('kaohe.calendar/v1').optional(),
  year: z.number(),
  holidays: z.array(z.string().max(32)).max(366),
  workdays: z.array(z.string().max(32)).max(366),
  source: z.string().max(500).nullable().optional(),
});
export const loadCalendarResult = z.object({ calendar, created: z.boolean(), changed: z.boolean(), reevaluated: evaluation });
