import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './zh.ts';
import { en } from './en.ts';
import { fill, pickLocalized, readStoredLang, storeLang, type Lang, type Localized } from './core.ts';

export type { Lang, MessageKey, Localized };

const catalogues: Record<Lang, Record<MessageKey, string>> = { zh, en };

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** Catalogue lookup with `{name}` placeholders. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Label for a dynamic key (enum value); falls back to the raw value when the catalogue has none. */
  tk(prefix: string, value: string | undefined | null): string;
  /** A server message `{ zh, en }` in the current language. */
  loc(m: Localized | string | undefined | null): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = catalogues[lang]['app.title'];
  }, [lang]);
  const setLang = useCallback((l: Lang) => { storeLang(l); setLangState(l); }, []);
  const value = useMemo<I18n>(() => {
    const cat = catalogues[lang];
    return {
      lang,
      setLang,
      t: (key, vars) => fill(cat[key] ?? key, vars),
      tk: (prefix, v) => (v == null || v === '' ? '' : (cat as Record<string, string>)[`${prefix}.${v}`] ?? v),
      loc: (m) => pickLocalized(m, lang),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/**
 * A screen's own catalogue (zh-CN and en with the same keys, `{name}` placeholders) in the current language, for
 * screens whose strings live beside them rather than in zh.ts / en.ts.
 */
export function useCatalogue<K extends string>(zhCat: Readonly<Record<K, string>>, enCat: Readonly<Record<K, string>>): (key: K, vars?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return useCallback((key: K, vars?: Record<string, string | number>) => fill((lang === 'en' ? enCat : zhCat)[key], vars), [lang, zhCat, enCat]);
}
