/** /events: push one event of a case (the live path: the case is re-evaluated before the answer). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { listWarnings } from '@kaohe/app';
import { toRowError, validateRecord } from '@kaohe/ingest';
import { auditNow } from '@kaohe/store';
import { ApiError } from '../../errors.ts';
import { importScope } from '../../policy.ts';
import { defineRoute } from '../../route.ts';
import { Where } from '../../sql.ts';
import { warning } from '../warnings/schema.ts';

const body = z.strictObject({
  agency: z.string().min(1).max(64),
  caseId: z.string().min(1).max(128),
  /** one event of `kaohe.case/v1` (validated by the interchange rules, with bilingual field errors) */
  event: z.record(z.string(), z.unknown()),
});

export const routes = [
  defineRoute({
    method: 'POST', url: '/events', summary: 'Push one event of a case; answers the case\'s warnings after re-evaluation 推送办案环节',
    policy: { allow: ['agency-admin'], scope: 'agency' },
    schema: {
      body,
      response: { 200: z.object({ batchId: z.number(), status: z.string(), warnings: z.array(warning) }) },
    },
    probe: {
      body: (f) => ({ agency: f.agency, caseId: f.caseId, event: { id: `probe-${f.unique}`, type: 'investigation', at: '2026-01-06T10:00:00+08:00', by: ['P1', 'P2'], records: ['av'] } }),
      scopedTarget: true,
    },
    async handler(ctx) {
      const { db, body: b, services, user } = ctx;
      const w = new Where();
      w.and(`c.agency_id = ${w.p(b.agency)}`).and(`c.case_id = ${w.p(b.caseId)}`).scope(ctx, { agency: 'c.agency_id', region: 'c.region_code' });
      const found = await db.query(`SELECT 1 FROM cases c ${w.sql}`, w.params);
      if (!found.rows[0]) throw new ApiError('not-found');
      const doc = { schema: 'kaohe.case/v1', id: b.caseId, agency: b.agency, events: [b.event] };
      const v = validateRecord(doc);
      if (!v.ok) {
        throw new ApiError('validation', v.issues.map((i) => {
          const e = toRowError({ file: 'event' }, i);
          return { field: e.field, reason: e.message };
        }));
      }
      const dir = mkdtempSync(join(tmpdir(), 'kaohe-event-'));
      try {
        const file = join(dir, `event-${b.agency}-${b.caseId}.jsonl`);
        writeFileSync(file, JSON.stringify(doc) + '\n');
        const r = await services.importFiles(db, [file], { user: user.username, scope: importScope(user) });
        await auditNow(db, { actor: ctx.actor.username, role: ctx.actor.role, ip: ctx.actor.ip, action: 'events.push', target: `case:${b.agency}/${b.caseId}`, detail: { event: String(b.event.id ?? ''), type: String(b.event.type ?? ''), batchId: r.batchId, status: r.status } });
        const list = await listWarnings(db, { agency: b.agency, caseId: b.caseId, pageSize: 200 });
        return { batchId: r.batchId, status: r.status, warnings: list.items };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  }),
];
