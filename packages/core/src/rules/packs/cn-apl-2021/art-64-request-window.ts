/**
 * 行政处罚法 第六十四条 (一): 当事人要求听证的，应当在行政机关告知后五日内提出; 第八十五条: 五日 are working days.
 * After a notice that states the hearing right, the decision falls after the 5th working day following the notice
 * day — unless the party waived the hearing or requested one before the decision.
 */
import { z } from 'zod';
import { YearSink } from '../../../calendar/legal-calendar.ts';
import { registerTemplate } from '../../template.ts';
import { typeSlot } from '../../context.ts';

const SINK = new YearSink();

export const requestWindowCheck = registerTemplate({
  name: 'cn.request-window',
  params: z.object({ notice: z.string(), decision: z.string(), workingDays: z.number().int().positive(), waived: z.string(), requested: z.string() }).strict(),
  compile(p) {
    const decision = typeSlot(p.decision), notice = typeSlot(p.notice), waived = typeSlot(p.waived), requested = typeSlot(p.requested);
    return (c, out) => {
      const ds = c.list(decision);
      if (!ds.length) return false;
      const di = ds[0]!;
      let ni = -1;
      const ns = c.list(notice);
      for (let k = 0; k < ns.length; k++) { const i = ns[k]!; if (i < di && c.events[i]!['hearingRight'] === true) ni = i; }
      if (ni < 0) return false;
      const ws = c.list(waived);
      for (let k = 0; k < ws.length; k++) {
        const i = ws[k]!;
        const r = c.events[i]!['rights'];
        if (i > ni && i < di && (Array.isArray(r) ? r.includes('hearing') : r === 'hearing')) return true;
      }
      const rq = c.list(requested);
      for (let k = 0; k < rq.length; k++) if (rq[k]! > ni && rq[k]! < di) return true;
      const sink = SINK;
      sink.reset(); // (its years array is a new one after a reset: a finding keeps its own)
      const windowEnd = c.calendar.addWorkingDaysNum(c.day[ni]!, p.workingDays, sink);
      if (c.day[di]! <= windowEnd) {
        out.emit('violated', 'request-window.early', { days: p.workingDays },
          { dueDay: windowEnd, actDay: c.day[di]!, eventId: c.events[di]!.id, provisional: sink.years });
      }
      return true;
    };
  },
});
