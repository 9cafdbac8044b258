/** Programme-calendar arithmetic: days, months and years counted in the programme's time zone. */
import { DateTime } from 'luxon';

const zoned = (ms: number, tz: string) => DateTime.fromMillis(ms, { zone: tz });

/** The programme day of an instant, `YYYY-MM-DD`. */
export function programDay(ms: number, tz: string): string {
  return zoned(ms, tz).toFormat('yyyy-MM-dd');
}

/** The programme month of an instant, `YYYY-MM`. */
export function programMonth(ms: number, tz: string): string {
  return zoned(ms, tz).toFormat('yyyy-MM');
}

export function programYear(ms: number, tz: string): number {
  return zoned(ms, tz).year;
}

/** The instant a programme day starts (its local midnight, or the first instant after a DST gap). */
export function startOfDayMs(day: string, tz: string): number {
  const start = DateTime.fromISO(day, { zone: tz }).startOf('day');
  if (!start.isValid) throw new RangeError(`Not a day: ${day}`);
  return start.toMillis();
}

/** `YYYY-MM` shifted by `months`. */
export function addMonths(month: string, months: number): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).plus({ months }).toFormat('yyyy-MM');
}

/** Whole months from `from` to `to` (`YYYY-MM`), negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy = 0, fm = 0] = from.split('-').map(Number);
  const [ty = 0, tm = 0] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

/** The trailing `n` programme months up to and including the month of `ms`, oldest first. */
export function trailingMonths(ms: number, tz: string, n: number): string[] {
  const current = programMonth(ms, tz);
  return Array.from({ length: n }, (_, i) => addMonths(current, i - n + 1));
}

/** Whether `ms` falls in the birthday's month (programme time zone). */
export function birthdayMonthMatches(birthday: string | null | undefined, ms: number, tz: string): boolean {
  if (!birthday) return false;
  return birthday.slice(5, 7) === programMonth(ms, tz).slice(5, 7);
}

/** The programme day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toFormat('yyyy-MM-dd');
}
