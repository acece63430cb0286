/**
 * 市场监督管理行政处罚程序规定 第六十四条: 案情复杂或者其他原因，不能在规定期限内作出处理决定的，经市场监督管理部门负责人批准，
 * 可以延长三十日；案情特别复杂或者有其他特殊情况，经延期仍不能作出处理决定的，应当由市场监督管理部门负责人集体讨论决定是否继续延期.
 * Extensions that bring the total beyond the limit need `collective: true`.
 */
import { z } from 'zod';
import { num } from '../../expr.ts';
import { registerTemplate } from '../../template.ts';
import { typeSlot } from '../../context.ts';

export const extensionCheck = registerTemplate({
  name: 'cn.extension-collective',
  params: z.object({ act: z.string(), field: z.string(), limit: z.number().positive(), flag: z.string() }).strict(),
  compile(p) {
    const act = typeSlot(p.act);
    return (c, out) => {
      const xs = c.list(act);
      if (!xs.length) return false;
      let total = 0;
      for (let k = 0; k < xs.length; k++) {
        const i = xs[k]!;
        const e = c.events[i]!;
        total += num(e[p.field]) || 0;
        if (total > p.limit && e[p.flag] !== true) {
          out.emit('violated', 'extension.not-collective', { total, limit: p.limit }, { actDay: c.day[i]!, eventId: e.id });
          break;
        }
      }
      return true;
    };
  },
});
