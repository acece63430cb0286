/**
 * /calendars: the loaded official holiday schedules (国务院办公厅 放假安排). Loading a year (entered, or the JSON of
 * a `kaohe.calendar/v1` file) re-evaluates the cases whose due days were provisional for that year, as an import does.
 * The supervision body and the system administrator load schedules (a schedule is configuration, not business data).
 */
import { loadCalendarYear } from '@kaohe/app';
import { daysOf, isoOf } from '@kaohe/store';
import { defineRoute } from '../../route.ts';
import { edit, today } from '../agencies/edit.ts';
import { calendarsList, loadCalendarBody, loadCalendarResult } from './schema.ts';


export const routes = [
  defineRoute({
    method: 'GET', url: '/calendars', summary: 'Loaded holiday schedules 节假日安排',
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { response: { 200: calendarsList } },
    probe: {},
    async handler({ db }) {
      const r = await db.query<Record<string, unknown>>('SELECT year, holidays, workdays, source, loaded_at, edited_by FROM calendars ORDER BY year');
      return {
        items: r.rows.map((x) => ({
          year: Number(x.year), holidays: daysOf(x.holidays), workdays: daysOf(x.workdays), source: (x.source as string) ?? null,
          loadedAt: isoOf(x.loaded_at)!, editedBy: (x.edited_by as string | null) ?? null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/calendars', summary: 'Load a year’s holiday schedule 录入/上传年度节假日安排 (kaohe.calendar/v1; re-evaluates provisional cases; audited)',
    policy: { allow: ['supervisor', 'sysadmin'], scope: 'none' },
    schema: { body: loadCalendarBody, response: { 200: loadCalendarResult } },
    probe: { body: () => ({ year: 2031, holidays: ['2031-01-01'], workdays: [], source: '探针' }) },
    async handler(ctx) {
      const { schema: _s, ...input } = ctx.body;
      return edit(() => loadCalendarYear(ctx.db, input, { actor: ctx.actor, asOf: today(ctx) }));
    },
  }),
];
