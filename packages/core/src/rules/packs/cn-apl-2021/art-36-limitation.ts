/**
 * 行政处罚法 第三十六条 ¶1: 违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，
 * 上述期限延长至五年。 The first of lead, opening or decision that exists must fall within the period after the
 * violation (its end, for a continuing one); otherwise no penalty other than `none` may be imposed.
 */
import { z } from 'zod';
import { dayNumberOf, toDayNumber } from '../../../calendar/dates.ts';
import { registerTemplate } from '../../template.ts';
import { typeSlot } from '../../context.ts';

function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

export const limitationCheck = registerTemplate({
  name: 'cn.limitation',
  params: z.object({
    acts: z.array(z.string()).min(1),
    years: z.number().int().positive(),
    longYears: z.number().int().positive(),
  }).strict(),
  compile(p) {
    const acts = p.acts.map(typeSlot);
    return (c, out) => {
      const v = c.doc.violation;
      const occurred = v?.occurredOn;
      if (!occurred) return false;
      let first = -1;
      for (let t = 0; t < acts.length; t++) { const l = c.list(acts[t]!); if (l.length && (first < 0 || l[0]! < first)) first = l[0]!; }
      if (first < 0) return false;
      if (Number.isNaN(toDayNumber(occurred))) return false;
      const years = v?.longLimitation ? p.longYears : p.years;
      // a well-formed YYYY-MM-DD (checked above): its digits read in place
      const y = digits(occurred, 0, 4) + years, m = digits(occurred, 5, 2);
      let d = digits(occurred, 8, 2);
      if (m === 2 && d === 29) d = 28;
      const last = dayNumberOf(y, m, d);
      const kinds = c.penalty?.kinds;
      let penalised = false;
      if (kinds) for (let i = 0; i < kinds.length; i++) if (kinds[i] !== 'none') { penalised = true; break; }
      if (c.day[first]! > last && penalised) {
        out.emit('violated', 'limitation.expired', { occurredOn: occurred, years, act: c.events[first]!.type },
          { dueDay: last, actDay: c.day[first]!, eventId: c.events[first]!.id });
      }
      return true;
    };
  },
});
