/** /audit: the audit administrator's view of the log (search, chain verification). Reading the log is audited too. */
import { auditNow, searchAudit, verifyAudit } from '@kaohe/store';
import { AUDIT_TAIL_NOTE } from '../../audit-note.ts';
import { defineRoute } from '../../route.ts';
import { auditList, auditQuery, verifyResponse } from './schema.ts';

const auditor = { allow: ['auditor'], scope: 'none' } as const;

export const routes = [
  defineRoute({
    method: 'GET', url: '/audit', summary: 'Search the audit log 审计日志查询', policy: auditor,
    schema: { querystring: auditQuery, response: { 200: auditList } },
    list: {
      name: 'audit',
      columns: [
        { key: 'seq', zh: '序号', en: 'Seq' }, { key: 'at', zh: '时间', en: 'At' }, { key: 'actor', zh: '操作人', en: 'Actor' },
        { key: 'role', zh: '角色', en: 'Role' }, { key: 'action', zh: '操作', en: 'Action' }, { key: 'target', zh: '对象', en: 'Target' },
        { key: 'detail', zh: '详情', en: 'Detail' }, { key: 'ip', zh: '地址', en: 'IP' }, { key: 'hash', zh: '哈希', en: 'Hash' },
      ],
    },
    probe: {},
    async handler({ db, query, paging, actor }) {
      const r = await searchAudit(db, { actor: query.actor, action: query.action, from: query.from, to: query.to, limit: paging.limit, offset: paging.offset });
      // the auditor's own searches are audited too (what was looked for; an export is audited again as an export)
      await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'audit.search', detail: { actor: query.actor ?? null, action: query.action ?? null, from: query.from ?? null, to: query.to ?? null, page: paging.page, rows: r.items.length, total: r.total } });
      return r;
    },
  }),
  defineRoute({
    method: 'GET', url: '/audit/verify', summary: 'Verify the hash chain 校验审计链', policy: auditor,
    schema: { response: { 200: verifyResponse } },
    probe: {},
    async handler({ db, actor }) {
      const v = await verifyAudit(db);
      await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'audit.verify', detail: { ok: v.ok, ...(v.ok ? {} : { badSeq: v.badSeq }) } });
      return { ...v, tail: AUDIT_TAIL_NOTE };
    },
  }),
];
