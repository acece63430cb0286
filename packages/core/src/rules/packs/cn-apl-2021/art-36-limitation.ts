/**
 * 行政处罚法 第三十六条 ¶1: 违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，
 * 上述期限延长至五年。 The first of lead, opening or decision that exists must fall within the period after the
 * violation (its end, for a continuing one); otherwise no penalty other than `none` may be imposed.
 */
import { z } from 'zod';
import { dayNumberOf, toDayNumber } from '../../../calendar/dates.ts';
import { registerTemplate } from '../../template.ts';

export const limitationCheck = registerTemplate({
  name: 'cn.limitation',
  params: z.object({
    acts: z.array(z.string()).min(1),
    years: z.number().int().positive(),
    longYears: z.number().int().positive(),
  }).strict(),
  compile(p) {
    return (c, out) => {
      const v = c.doc.violation;
      const occurred = v?.occurredOn;
      if (!occurred) return false;
      let first = -1;
      for (const t of p.acts) { const l = c.ofType(t); if (l.length && (first < 0 || l[0]! < first)) first = l[0]!; }
      if (first < 0) return false;
      const years = v?.longLimitation ? p.longYears : p.years;
      const y = Number(occurred.slice(0, 4)) + years, m = Number(occurred.slice(5, 7));
      let d = Number(occurred.slice(8, 10));
      if (m === 2 && d === 29) d = 28;
      const last = dayNumberOf(y, m, d);
      if (Number.isNaN(toDayNumber(occurred))) return false;
      const penalised = (c.penalty?.kinds ?? []).some((k) => k !== 'none');
      if (c.day[first]! > last && penalised) {
        out.emit('violated', 'limitation.expired', { occurredOn: occurred, years, act: c.events[first]!.type },
          { dueDay: last, actDay: c.day[first]!, eventId: c.events[first]!.id });
      }
      return true;
    };
  },
});
