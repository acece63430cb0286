/**
 * 行政处罚法 第四十五条 ¶2: 行政机关不得因当事人陈述、申辩而给予更重的处罚。 If a defence or a hearing follows the latest
 * notice before the decision, the decision may not be heavier than that notice's proposal: a larger fine or
 * confiscation, or a kind of penalty that was not proposed.
 */
import { z } from 'zod';
import type { Penalty } from '../../../model.ts';
import { registerTemplate } from '../../template.ts';
import { typeSlot } from '../../context.ts';

export const noHeavierCheck = registerTemplate({
  name: 'cn.no-heavier',
  params: z.object({ notice: z.string(), decision: z.string(), responses: z.array(z.string()).min(1) }).strict(),
  compile(p) {
    const decision = typeSlot(p.decision), notice = typeSlot(p.notice), responses = p.responses.map(typeSlot);
    return (c, out) => {
      const ds = c.list(decision);
      if (!ds.length) return false;
      const di = ds[0]!;
      let ni = -1;
      const ns = c.list(notice);
      for (let k = 0; k < ns.length; k++) if (ns[k]! < di) ni = ns[k]!;
      if (ni < 0) return false;
      let responded = false;
      for (let t = 0; t < responses.length; t++) {
        const rs = c.list(responses[t]!);
        for (let k = 0; k < rs.length; k++) if (rs[k]! > ni && rs[k]! < di) responded = true;
      }
      if (!responded) return false;
      const dec = (c.events[di]!['penalty'] as Penalty | undefined) ?? c.doc.penalty;
      const prop = c.events[ni]!['proposed'] as Penalty | undefined;
      if (!dec || !prop) return false;
      const added = (dec.kinds ?? []).filter((k) => k !== 'none' && !(prop.kinds ?? []).includes(k));
      const fineUp = (dec.fine ?? 0) > (prop.fine ?? 0);
      const confUp = (dec.confiscated ?? 0) > (prop.confiscated ?? 0);
      if (added.length || fineUp || confUp) {
        out.emit('violated', 'no-heavier.heavier', {
          kinds: added.join(', '), fine: dec.fine ?? 0, proposedFine: prop.fine ?? 0,
          confiscated: dec.confiscated ?? 0, proposedConfiscated: prop.confiscated ?? 0,
        }, { actDay: c.day[di]!, eventId: c.events[di]!.id });
      }
      return true;
    };
  },
});
