/** /templates/:kind.:format — import templates with example rows (from @kaohe/ingest). */
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../route.ts';

const KINDS = ['cases', 'events', 'records', 'agencies', 'people', 'items'] as const;

export const routes = [
  defineRoute({
    method: 'GET', url: '/templates/:kind.:format', summary: 'Import template 导入模板',
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { params: z.strictObject({ kind: z.enum(KINDS), format: z.enum(['csv', 'xlsx']) }), querystring: z.strictObject({ lang: z.enum(['zh', 'en']).default('zh') }) },
    probe: { path: () => '/templates/cases.csv', ok: [200, 501] },
    async handler({ services, params, query, reply }) {
      const buf = await services.writeTemplate(params.kind, params.format, query.lang);
      const name = `kaohe-${params.kind}.${params.format}`;
      return reply
        .type(params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(buf as Uint8Array));
    },
  }),
];
