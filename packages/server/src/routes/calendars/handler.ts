/** /calendars: the loaded official holiday schedules (国务院办公厅 放假安排). */
import { z } from 'zod';
import { defineRoute } from '../../route.ts';

const d = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : []);

export const routes = [
  defineRoute({
    method: 'GET', url: '/calendars', summary: 'Loaded holiday schedules 节假日安排',
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { response: { 200: z.object({ items: z.array(z.object({ year: z.number(), holidays: z.array(z.string()), workdays: z.array(z.string()), source: z.string().nullable(), loadedAt: z.string() })) }) } },
    probe: {},
    async handler({ db }) {
      const r = await db.query<Record<string, unknown>>('SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays, source, loaded_at FROM calendars ORDER BY year');
      return { items: r.rows.map((x) => ({ year: Number(x.year), holidays: arr(x.holidays).map(d), workdays: arr(x.workdays).map(d), source: (x.source as string) ?? null, loadedAt: new Date(x.loaded_at as string).toISOString() })) };
    },
  }),
];
