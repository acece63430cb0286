/** /imports: upload a file (raw body, `?filename=`), follow its progress (SSE), and the batch history. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { isoOf, jsonOf, num } from '@kaohe/store';
import { auditNow } from '@kaohe/store';
import { ApiError } from '../../errors.ts';
import { regionPrefix } from '../../policy.ts';
import { importScope } from '../../policy.ts';
import { defineRoute, listQuery, listResponse, type Ctx } from '../../route.ts';
import { sendSse } from '../../sse.ts';
import { Where } from '../../sql.ts';

/** A batch belongs to the scope of the user who imported it, and (for a region role) of every region it touched. */
const BATCH_FROM = 'import_batches b LEFT JOIN users u ON u.username = b.by_user LEFT JOIN agencies ua ON ua.code = u.agency_id';
const BATCH_SCOPE = { agency: 'u.agency_id', region: 'coalesce(u.region_code, ua.region_code)' };

/** The policy's scope over batches: the importer's scope, or one of the regions the batch wrote to (`b.regions`). */
function batchScope(ctx: Pick<Ctx, 'scope'>, w: Where): Where {
  const own = ctx.scope(BATCH_SCOPE, w.params.length + 1);
  w.params.push(...own.params);
  const touched = ctx.scope({ region: 'r.code' }, w.params.length + 1);
  w.params.push(...touched.params);
  return w.and(`(${own.sql} OR EXISTS (SELECT 1 FROM unnest(b.regions) r(code) WHERE ${touched.sql}))`);
}
const importers = ['agency-admin', 'supervisor'] as const;

const batch = z.object({
  id: z.number(), file: z.string(), sha256: z.string(), format: z.string().nullable(), by: z.string(), at: z.string(), finishedAt: z.string().nullable(),
  status: z.string(), counts: z.unknown(), errorCount: z.number(),
});
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const present = (r: Record<string, unknown>) => ({
  id: num(r.id), file: String(r.file), sha256: String(r.sha256), format: (r.format as string) ?? null, by: String(r.by_user), at: isoOf(r.started_at)!,
  finishedAt: isoOf(r.finished_at), status: String(r.status), counts: typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts, errorCount: num(r.error_count),
});

async function scopedBatch(ctx: Ctx<unknown, { id: number }>, columns: string): Promise<Record<string, unknown>> {
  const w = new Where();
  batchScope(ctx, w.and(`b.id = ${w.p(ctx.params.id)}`));
  const r = await ctx.db.query<Record<string, unknown>>(`SELECT ${columns} FROM ${BATCH_FROM} ${w.sql}`, w.params);
  if (!r.rows[0]) throw new ApiError('not-found');
  return r.rows[0];
}

export const routes = [
  defineRoute({
    method: 'POST', url: '/imports', summary: 'Upload one file to import 上传导入 (body: the file, application/octet-stream)',
    policy: { allow: importers, scope: 'none' }, upload: true,
    schema: { querystring: z.strictObject({ filename: z.string().min(1).max(200).regex(/^[^/\\]+$/) }), response: { 202: z.object({ jobId: z.string() }) } },
    probe: { path: () => '/imports?filename=probe.jsonl', payload: () => Buffer.from('{}\n'), headers: { 'content-type': 'application/octet-stream' }, ok: [202] },
    async handler(ctx) {
      const { services, db, query, reply, actor, user } = ctx;
      const body = ctx.body as Buffer;
      if (!Buffer.isBuffer(body)) throw new ApiError('validation', [{ field: 'body', reason: { zh: '请以 application/octet-stream 上传文件', en: 'upload the file as application/octet-stream' } }]);
      const dir = mkdtempSync(join(tmpdir(), 'kaohe-upload-'));
      const path = join(dir, basename(query.filename));
      writeFileSync(path, body);
      const jobId = `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      services.jobs.create(jobId, { agency: user.agency, region: user.region, username: user.username });
      await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'import.start', target: `job:${jobId}`, detail: { file: query.filename, bytes: body.length } });
      // the import runs after the answer; progress goes to the job hub (GET /imports/jobs/:id/events)
      void services.importFiles(db, [path], { user: user.username, scope: importScope(user), fileLabels: { [path]: basename(query.filename) }, onProgress: (p) => services.jobs.emit(jobId, 'progress', p) })
        .then((r) => services.jobs.emit(jobId, 'done', { batchId: r.batchId, status: r.status, counts: r.counts, errorCount: r.errorCount }))
        .catch((e: unknown) => services.jobs.emit(jobId, 'error', { message: e instanceof Error ? e.message : String(e) }))
        .finally(() => rmSync(dir, { recursive: true, force: true }));
      return reply.code(202).send({ jobId });
    },
  }),
  defineRoute({
    method: 'GET', url: '/imports/jobs/:id/events', summary: 'Progress of an upload (server-sent events) 导入进度',
    policy: { allow: importers, scope: 'none' },
    schema: { params: z.strictObject({ id: z.string().max(64) }) },
    probe: { path: (f) => `/imports/jobs/nojob-${f.side}/events`, ok: [404] },
    async handler({ services, params, reply, user }) {
      const owner = services.jobs.owner(params.id);
      // only the uploader, or a supervisor of the uploader's region, may watch it
      const mine = owner && (owner.username === user.username || (user.roles.includes('supervisor') && user.region && ((owner.region ?? '').startsWith(regionPrefix(user.region)) || owner.agency !== null)));
      if (!mine) throw new ApiError('not-found');
      await sendSse(reply, services.jobs.subscribe(params.id));
      return reply;
    },
  }),
  defineRoute({
    method: 'GET', url: '/imports', summary: 'Import batch history 导入记录',
    policy: { allow: importers, scope: 'agency' },
    schema: { querystring: listQuery({ status: z.enum(['running', 'committed', 'rejected', 'failed']).optional() }, ['at']), response: { 200: listResponse(batch) } },
    list: { name: 'imports', columns: [{ key: 'id', zh: '批次', en: 'Batch' }, { key: 'file', zh: '文件', en: 'File' }, { key: 'sha256', zh: 'SHA-256', en: 'SHA-256' }, { key: 'by', zh: '导入人', en: 'By' }, { key: 'at', zh: '时间', en: 'At' }, { key: 'status', zh: '状态', en: 'Status' }, { key: 'errorCount', zh: '错误数', en: 'Errors' }] },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = batchScope(ctx, new Where());
      if (query.status) w.and(`b.status = ${w.p(query.status)}`);
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${BATCH_FROM} ${w.sql}`, w.params)).rows[0]?.n);
      const rows = await db.query<Record<string, unknown>>(`SELECT b.id, b.file, b.sha256, b.format, b.by_user, b.started_at, b.finished_at, b.status, b.counts, b.error_count FROM ${BATCH_FROM} ${w.sql} ORDER BY b.started_at ${paging.order === 'asc' && paging.sort ? 'ASC' : 'DESC'}, b.id DESC LIMIT ${paging.limit} OFFSET ${paging.offset}`, w.params);
      return { items: rows.rows.map(present), total };
    },
  }),
  defineRoute({
    method: 'GET', url: '/imports/:id', summary: 'One batch with its row errors 导入批次详情',
    policy: { allow: importers, scope: 'agency' },
    schema: { params: idParams, response: { 200: batch.extend({ files: z.unknown(), errors: z.array(z.unknown()) }) } },
    probe: { path: (f) => `/imports/${f.batchId}` },
    async handler(ctx) {
      const r = await scopedBatch(ctx, 'b.*');
      return { ...present(r), files: jsonOf(r.files), errors: jsonOf<unknown[] | null>(r.errors) ?? [] };
    },
  }),
];
