/**
 * 行政处罚法 第六十四条 (一): 当事人要求听证的，应当在行政机关告知后五日内提出; 第八十五条: 五日 are working days.
 * After a notice that states the hearing right, the decision falls after the 5th working day following the notice
 * day — unless the party waived the hearing or requested one before the decision.
 */
import { z } from 'zod';
import { YearSink } from '../../../calendar/legal-calendar.ts';
import { registerTemplate } from '../../template.ts';

export const requestWindowCheck = registerTemplate({
  name: 'cn.request-window',
  params: z.object({ notice: z.string(), decision: z.string(), workingDays: z.number().int().positive(), waived: z.string(), requested: z.string() }).strict(),
  compile(p) {
    return (c, out) => {
      const ds = c.ofType(p.decision);
      if (!ds.length) return false;
      const di = ds[0]!;
      let ni = -1;
      for (const i of c.ofType(p.notice)) if (i < di && c.events[i]!['hearingRight'] === true) ni = i;
      if (ni < 0) return false;
      for (const i of c.ofType(p.waived)) {
        const r = c.events[i]!['rights'];
        if (i > ni && i < di && (Array.isArray(r) ? r.includes('hearing') : r === 'hearing')) return true;
      }
      for (const i of c.ofType(p.requested)) if (i > ni && i < di) return true;
      const sink = new YearSink();
      const windowEnd = c.calendar.addWorkingDaysNum(c.day[ni]!, p.workingDays, sink);
      if (c.day[di]! <= windowEnd) {
        out.emit('violated', 'request-window.early', { days: p.workingDays },
          { dueDay: windowEnd, actDay: c.day[di]!, eventId: c.events[di]!.id, provisional: sink.years });
      }
      return true;
    };
  },
});
