/** Framework-free pieces of i18n (unit-tested without a DOM). */
export type Lang = 'zh' | 'en';
export type Localized = { zh?: string; en?: string };

export const LANG_KEY = 'kaohe.lang';

export function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function pickLocalized(m: Localized | string | undefined | null, lang: Lang): string {
  if (m == null) return '';
  if (typeof m === 'string') return m;
  return (lang === 'en' ? m.en ?? m.zh : m.zh ?? m.en) ?? '';
}

export function readStoredLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: Lang): void {
  try { globalThis.localStorage?.setItem(LANG_KEY, lang); } catch { /* private mode: keep in memory */ }
}
