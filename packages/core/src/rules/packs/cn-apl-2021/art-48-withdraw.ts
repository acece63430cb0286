/**
 * 行政处罚法 第四十八条 ¶2: 公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回行政处罚决定
 * 信息并公开说明理由; 第八十五条: 三日 are working days. Runs from the `decidedAt` of a reconsideration or
 * litigation record of the case with such an outcome.
 */
import { z } from 'zod';
import { instantMs, localDayOfMs, toDayNumber } from '../../../calendar/dates.ts';
import { judgeDeadline, registerTemplate } from '../../template.ts';
import { typeSlot } from '../../context.ts';

export const withdrawCheck = registerTemplate({
  name: 'cn.withdraw',
  params: z.object({
    kinds: z.array(z.string()).min(1), outcomes: z.array(z.string()).min(1),
    act: z.string(), workingDays: z.number().int().positive(),
  }).strict(),
  deadline: () => true,
  compile(p) {
    const actSlot = typeSlot(p.act);
    return (c, out) => {
      let checked = false;
      const records = c.records;
      for (let ri = 0; ri < records.length; ri++) {
        const r = records[ri]!;
        if (r.caseId !== c.doc.id || (r.agency && r.agency !== c.doc.agency)) continue;
        if (!p.kinds.includes(r.kind) || !p.outcomes.includes(String(r.outcome)) || !r.decidedAt) continue;
        const fromDay = r.decidedAt.length === 10 ? toDayNumber(r.decidedAt)
          : localDayOfMs(instantMs(r.decidedAt), c.timezone === 'own-offset' ? 'UTC' : c.timezone);
        if (Number.isNaN(fromDay) || fromDay > c.asOfDay) continue;
        let act = -1;
        const acts = c.list(actSlot);
        for (let k = 0; k < acts.length; k++) if (c.day[acts[k]!]! >= fromDay) { act = acts[k]!; break; }
        checked = judgeDeadline(c, out, {
          fromDay, days: p.workingDays, unit: 'working', rollForward: false, bound: 'latest', act, missing: 'due',
          fields: { from: `${r.kind}:${r.outcome}`, to: p.act, days: p.workingDays, unit: 'working', record: r.id },
        }) || checked;
      }
      return checked;
    };
  },
});
