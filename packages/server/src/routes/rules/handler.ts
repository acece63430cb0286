/** /rules: the rule packs in force, each rule with its citation and quoted article 规则库. */
import { z } from 'zod';
import { LIVE_PACKS } from '@kaohe/app';
import { loadPack } from '@kaohe/core';
import { defineRoute } from '../../route.ts';

const bilingual = z.object({ zh: z.string(), en: z.string() });
const rule = z.object({
  id: z.string(), title: bilingual, severity: z.string(), quote: z.string(), template: z.string(),
  citation: z.object({ law: z.string(), article: z.string(), paragraph: z.string().optional(), url: z.string().optional() }),
  effective: z.object({ from: z.string(), to: z.string().optional() }),
});

export const routes = [
  defineRoute({
    method: 'GET', url: '/rules', summary: 'Rule packs and their rules with citations 规则库',
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { response: { 200: z.object({ packs: z.array(z.object({ id: z.string(), title: bilingual, version: z.string(), rules: z.array(rule) })) }) } },
    probe: {},
    async handler() {
      return {
        packs: LIVE_PACKS.map((id) => {
          const p = loadPack(id);
          return {
            id: p.id, title: p.title, version: p.version,
            rules: p.rules.map((r) => ({
              id: r.id, title: r.title, quote: r.quote, citation: r.citation, effective: r.effective, severity: String(r.severity), template: r.template,
            })),
          };
        }),
      };
    },
  }),
];
