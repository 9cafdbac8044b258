/** Numbers, money (fen → ¥), dates and periods in the console's language and the programme's time zone. */
import { currentLanguage } from './i18n';

let timeZone = 'Asia/Shanghai';

export function setTimeZone(zone: string): void {
  timeZone = zone;
}

export function programTimeZone(): string {
  return timeZone;
}

const locale = () => (currentLanguage() === 'zh-CN' ? 'zh-CN' : 'en-GB');

export function fmtInt(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

export function fmtSigned(value: number): string {
  return value > 0 ? `+${fmtInt(value)}` : fmtInt(value);
}

/** Minor units (fen) as money: 123456 → ¥1,234.56. */
export function fmtMoney(minor: number, currency = 'CNY'): string {
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).format(minor / 100);
}

export function fmtPercent(ratio: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    date,
  );
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: 'medium',
    timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timeZone,
  }).format(date);
}

/** YYYY-MM-DD of an instant in the programme's time zone. */
export function dateIn(ms: number, zone = timeZone): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

/** The zone's UTC offset at an instant, as ISO 8601 wants it: `+08:00`. */
export function offsetIn(ms: number, zone = timeZone): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(ms)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name.replace('GMT', '');
  return offset === '' ? '+00:00' : offset;
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The last `days` programme days up to today: ISO instants [from, to) and the dates, inclusive. */
export function lastDays(days: number, nowMs = Date.now()) {
  const today = dateIn(nowMs);
  const firstDate = addDays(today, -(days - 1));
  const nextDate = addDays(today, 1);
  return {
    from: `${firstDate}T00:00:00${offsetIn(Date.parse(`${firstDate}T12:00:00Z`))}`,
    to: `${nextDate}T00:00:00${offsetIn(Date.parse(`${nextDate}T12:00:00Z`))}`,
    firstDate,
    lastDate: today,
  };
}

/** An ISO instant with the programme's offset, from a `datetime-local` value in that zone. */
export function instantOf(local: string): string {
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return `${withSeconds}${offsetIn(Date.parse(`${withSeconds}Z`))}`;
}

/** The `datetime-local` value of an instant, in the programme's time zone. */
export function localValueOf(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
