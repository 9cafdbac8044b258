/** Birthday gifts: which birthdays a day's run serves, and the year a gift is for. */
import { DateTime } from 'luxon';
import { addDays, programDay, startOfDayMs } from '../calendar.js';

/** `MM-DD` of a `YYYY-MM-DD` birthday: the sort key of the birthday index. */
export const monthDayOf = (birthday: string) => birthday.slice(5, 10);

const isLeapYear = (year: number) => DateTime.fromObject({ year }).isInLeapYear;

export interface GiftDay {
  /** The birthday date being celebrated, `YYYY-MM-DD` (programme time zone). */
  readonly day: string;
  readonly year: number;
  /** The `MM-DD` range of birthdays it serves: 29 February is served on 28 February in other years. */
  readonly fromMonthDay: string;
  readonly toMonthDay: string;
}

/** The birthdays a run as of `asOfMs` serves: those `daysBefore` days ahead. */
export function giftDay(asOfMs: number, daysBefore: number, tz: string): GiftDay {
  const day = addDays(programDay(asOfMs, tz), daysBefore);
  const year = Number(day.slice(0, 4));
  const monthDay = day.slice(5);
  const toMonthDay = monthDay === '02-28' && !isLeapYear(year) ? '02-29' : monthDay;
  return { day, year, fromMonthDay: monthDay, toMonthDay };
}

/** Whether a member's birthday falls on the gift day (29 February on 28 February in other years). */
export function birthdayOn(birthday: string | null, gift: GiftDay): boolean {
  if (!birthday) return false;
  const monthDay = monthDayOf(birthday);
  return monthDay >= gift.fromMonthDay && monthDay <= gift.toMonthDay;
}

/**
 * Until when a birthday gift's coupon is valid: the reward's days from issue, and at least until
 * the day after the birthday.
 */
export function giftCouponUntilMs(nowMs: number, validDays: number, gift: GiftDay, tz: string): number {
  return Math.max(nowMs + validDays * 86_400_000, startOfDayMs(addDays(gift.day, 1), tz));
}
