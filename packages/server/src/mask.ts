/** Masking of personal data in what the API returns (个人信息去标识化). */
import type { Principal } from './policy.ts';

/** 张三丰 → 张某 (a two-character compound surname is kept: 欧阳修 → 欧阳某). */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name];
  const compound = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯'];
  const two = chars.slice(0, 2).join('');
  if (/^[\u4e00-\u9fff]/.test(name)) return (compound.includes(two) && chars.length > 2 ? two : chars[0]) + '某';
  return chars[0] + '***';
}

/** Keep the first 6 characters of an address. */
export function maskAddress(a: string | null | undefined): string | null {
  if (!a) return a ?? null;
  const chars = [...a];
  return chars.length <= 6 ? chars[0] + '***' : chars.slice(0, 6).join('') + '***';
}

/** Roles whose work needs officers' full names (supervision, the department's own administration and review). */
export function seesNames(user: Principal): boolean {
  return user.roles.some((r) => r === 'supervisor' || r === 'agency-admin' || r === 'legal-reviewer');
}

export interface PartyView {
  type: string | null;
  name: string | null;
  creditCode: string | null;
  address: string | null;
  masked: boolean;
}

/** A case party as shown by default: a person's name and address masked; an organisation's name is public. */
export function maskParty(p: Record<string, unknown> | null): PartyView | null {
  if (!p) return null;
  const person = p.type !== 'org';
  return {
    type: (p.type as string) ?? null,
    name: person ? maskName(p.name as string) : ((p.name as string) ?? null),
    creditCode: (p.creditCode as string) ?? null,
    address: maskAddress(p.address as string),
    masked: true,
  };
}

interface Named { name: string | null }

/**
 * An assessment result as a role sees it: officers' names (post holders, individuals) masked for roles whose work
 * does not need them — the same rule as /people, for the JSON answer and the XLSX export alike.
 */
export function maskAssessment<T extends { posts: Named[]; individuals: Named[] }>(r: T, user: Principal): T {
  if (seesNames(user)) return r;
  return { ...r, posts: r.posts.map((p) => ({ ...p, name: maskName(p.name) })), individuals: r.individuals.map((i) => ({ ...i, name: maskName(i.name) })) };
}
