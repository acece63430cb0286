export * from './dates.ts';
export { LegalCalendar, type DueDate, type WorkingDayCount } from './legal-calendar.ts';
export { chineseDaysSchedules, chinaCalendar } from './chinese-days.ts';
