/**
 * Check characters of PRC identifiers, for synthetic but well-formed numbers:
 * GB 11643-1999 citizen ID numbers (公民身份号码), GB 11714-1997 organisation codes (组织机构代码) and
 * GB 32100-2015 unified social credit codes (统一社会信用代码).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The 18th character of a citizen ID number from its first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[s % 11]!;
}

/** True when `id` is 17 digits plus a correct check character and a real calendar birth date. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = +id.slice(6, 10), m = +id.slice(10, 12), d = +id.slice(12, 14);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return idCheckDigit(id.slice(0, 17)) === id[17];
}

/** A citizen ID number from region (6 digits), birth date (YYYYMMDD), sequence (0–999) and sex (odd sequence = male). */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = region + birth + String(seq % 1000).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714 check character of an 8-character organisation code body (digits and capital letters). */
export function orgCodeCheck(body8: string): string {
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    s += v * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (s % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const r = (31 - (s % 31)) % 31;
  return CREDIT_CHARS[r]!;
}

/** True when `code` has 18 valid characters, a valid embedded organisation code and a correct check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  if (orgCodeCheck(code.slice(8, 16)) !== code[16]) return false;
  return creditCodeCheck(code.slice(0, 17)) === code[17];
}

/**
 * A unified social credit code: `kind` "91" (enterprise, registered by market regulation) or "92" (individual
 * business 个体工商户), the region, and an organisation-code body of 8 characters.
 */
export function makeCreditCode(kind: '91' | '92', region: string, body8: string): string {
  const first17 = kind + region + body8 + orgCodeCheck(body8);
  return first17 + creditCodeCheck(first17);
}
