/** /status: what the database holds. The system administrator sees global counts (no business rows); department
 * and region roles see their own scope's case, event and record counts. */
import { z } from 'zod';
import { num, storeStatus } from '@kaohe/store';
import { defineRoute } from '../../route.ts';
import { Where } from '../../sql.ts';

const statusResponse = z.object({
  agencies: z.number(), people: z.number(), items: z.number(), cases: z.number(), events: z.number(), records: z.number(), batches: z.number(),
  unregistered: z.object({ agencies: z.number(), items: z.number(), people: z.number() }),
});

export const routes = [
  defineRoute({
    method: 'GET', url: '/status', summary: 'Database contents 数据概况',
    policy: { allow: ['supervisor', 'agency-admin', 'sysadmin'], scope: 'agency' },
    schema: { response: { 200: statusResponse } },
    probe: {},
    async handler(ctx) {
      const all = await storeStatus(ctx.db);
      if (ctx.user.roles.includes('sysadmin')) return all;
      const count = async (table: string) => {
        const w = new Where().scope(ctx, { agency: 't.agency_id', region: 't.region_code' });
        return num((await ctx.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table} t ${w.sql}`, w.params)).rows[0]?.n);
      };
      return { ...all, cases: await count('cases'), events: await count('events'), records: await count('records') };
    },
  }),
];
