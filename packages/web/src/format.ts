/** Dates as officials read them: 2026年5月13日 in zh-CN, May 13, 2026 in English, in the jurisdiction's time zone. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import 'dayjs/locale/zh-cn';
import type { Lang } from './i18n/core.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(localizedFormat);

/** Jurisdiction time zone (Asia/Shanghai for the CN packs). */
export const ZONE = 'Asia/Shanghai';

export function setDayjsLocale(lang: Lang): void { dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'); }

const isDateOnly = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A local date (YYYY-MM-DD) or an instant, as a date. */
export function fmtDate(v: string | null | undefined, lang: Lang): string {
  if (!v) return '';
  const d = isDateOnly(v) ? dayjs(v) : dayjs(v).tz(ZONE);
  if (!d.isValid()) return v;
  return lang === 'zh' ? `${d.year()}年${d.month() + 1}月${d.date()}日` : d.locale('en').format('MMM D, YYYY');
}

/** An instant with its local time of day. */
export function fmtDateTime(v: string | null | undefined, lang: Lang): string {
  if (!v) return '';
  if (isDateOnly(v)) return fmtDate(v, lang);
  const d = dayjs(v).tz(ZONE);
  if (!d.isValid()) return v;
  return `${fmtDate(v, lang)} ${d.format('HH:mm')}`;
}

/** Today as a local date in the jurisdiction. */
export function today(): string { return dayjs().tz(ZONE).format('YYYY-MM-DD'); }

export function fmtNumber(n: number | null | undefined, lang: Lang): string {
  if (n == null || Number.isNaN(n)) return '';
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}
