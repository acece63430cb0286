/** /templates/:kind.:format — import templates with example rows (from @kaohe/ingest). */
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../route.ts';

/** The route's plural kinds (the import centre's buttons) → the template generator's table kinds. */
const KINDS = { cases: 'case', events: 'event', records: 'record', agencies: 'agency', people: 'person', items: 'item', calendars: 'calendar' } as const;
type Kind = keyof typeof KINDS;

export const routes = [
  defineRoute({
    method: 'GET', url: '/templates/:kind.:format', summary: 'Import template 导入模板',
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { params: z.strictObject({ kind: z.enum(Object.keys(KINDS) as [Kind, ...Kind[]]), format: z.enum(['csv', 'xlsx']) }), querystring: z.strictObject({ lang: z.enum(['zh', 'en']).default('zh') }) },
    probe: { path: () => '/templates/cases.csv' },
    async handler({ services, params, query, reply }) {
      const buf = await services.writeTemplate(KINDS[params.kind], params.format, query.lang);
      const name = `kaohe-${params.kind}.${params.format}`;
      return reply
        .type(params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(buf as Uint8Array));
    },
  }),
];
