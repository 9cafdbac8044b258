/** Money, points and dates as members read them. */
import { DateTime } from 'luxon';
import type { Locale } from '../../ports/MemberStore.js';

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$' };

/** 123456 fen → `¥1,234.56`. */
export function formatMoney(amountFen: number, currency: string): string {
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${symbols[currency] ?? `${currency} `}${whole}.${cents}`;
}

export function formatPoints(points: number): string {
  return points.toLocaleString('en-US');
}

/** A date in the programme time zone: `2027年1月1日` or `1 Jan 2027`. */
export function formatDate(ms: number, tz: string, locale: Locale): string {
  const date = DateTime.fromMillis(ms, { zone: tz });
  return locale === 'zh-CN'
    ? `${date.year}年${date.month}月${date.day}日`
    : date.setLocale('en-GB').toFormat('d LLL yyyy');
}

export function formatPeriod(period: string, locale: Locale): string {
  const [year, month] = period.split('-').map(Number);
  if (locale === 'zh-CN') return `${year}年${month}月`;
  return DateTime.fromObject({ year, month, day: 1 }).setLocale('en-GB').toFormat('LLLL yyyy');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A time of day in the programme time zone: `14:05` (both locales). */
export function formatTime(ms: number, tz: string, _locale: Locale): string {
  return DateTime.fromMillis(ms, { zone: tz }).toFormat('HH:mm');
}
