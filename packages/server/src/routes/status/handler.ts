/** /status: what the database holds. The system administrator sees global counts (no business rows); a
 * department's admin and a supervisor see only their own scope's counts (registries included). */
import { z } from 'zod';
import { scopedStatus, status } from '@kaohe/app';
import { defineRoute } from '../../route.ts';

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
      if (ctx.user.roles.includes('sysadmin')) return status(ctx.db);
      return scopedStatus(ctx.db, (cols) => ctx.scope(cols, 1));
    },
  }),
];
