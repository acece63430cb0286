/** A small WHERE builder: parameters are numbered as they are added, the policy's scope condition included. */
import type { Ctx } from './route.ts';
import type { ScopeColumns } from './policy.ts';

export class Where {
  readonly params: unknown[] = [];
  readonly parts: string[] = [];
  /** add a value, get its placeholder */
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  and(sql: string | undefined | false): this {
    if (sql) this.parts.push(sql);
    return this;
  }
  /** the route policy's scope condition for these columns */
  scope(ctx: Pick<Ctx, 'scope'>, cols: ScopeColumns): this {
    const c = ctx.scope(cols, this.params.length + 1);
    this.params.push(...c.params);
    this.parts.push(c.sql);
    return this;
  }
  get sql(): string {
    return this.parts.length ? 'WHERE ' + this.parts.join(' AND ') : '';
  }
}

/** Escape LIKE wildcards. */
export const like = (s: string): string => '%' + s.replace(/[%_\\]/g, '\\$&') + '%';

/** ORDER BY for a whitelisted sort key. */
export function orderBy(map: Record<string, string>, sort: string | undefined, order: 'asc' | 'desc', fallback: string): string {
  const col = (sort && map[sort]) || fallback;
  return `ORDER BY ${col} ${order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`;
}
