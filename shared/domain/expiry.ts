/** Expiry policies as programme data, and the exact instant points expire. */
import { DateTime } from 'luxon';
import { programDay, startOfDayMs } from './calendar.js';

export type ExpiryPolicy =
  /** Points earned in year Y expire at 00:00 on 1 January of Y + 1 + yearsAfter (reference: yearsAfter 1). */
  | { readonly kind: 'yearEnd'; readonly yearsAfter: number }
  /** 次年1月1日清零: points earned in year Y expire at 00:00 on 1 January of Y + 1. */
  | { readonly kind: 'nextYearStart' }
  /** Points expire at the start of the programme day `months` calendar months after the earning day (clamped to month end). */
  | { readonly kind: 'rollingMonths'; readonly months: number }
  | { readonly kind: 'never' };

/**
 * The programme date at whose 00:00 points earned at `earnedAtMs` expire, or `null` when they never do.
 */
export function expiresOn(earnedAtMs: number, policy: ExpiryPolicy, tz: string): string | null {
  const earned = DateTime.fromMillis(earnedAtMs, { zone: tz });
  switch (policy.kind) {
    case 'yearEnd':
      return `${String(earned.year + 1 + policy.yearsAfter).padStart(4, '0')}-01-01`;
    case 'nextYearStart':
      return `${String(earned.year + 1).padStart(4, '0')}-01-01`;
    case 'rollingMonths':
      return DateTime.fromISO(programDay(earnedAtMs, tz), { zone: 'UTC' })
        .plus({ months: policy.months })
        .toFormat('yyyy-MM-dd');
    case 'never':
      return null;
  }
}

/** The instant at which points with this expiry date expire: 00:00 of that day, programme time. */
export function expiresAtMs(expiresOnDay: string, tz: string): number {
  return startOfDayMs(expiresOnDay, tz);
}

/** Exact at the boundary: expired from 00:00:00.000 of the expiry day on. */
export function isExpired(expiresOnDay: string, nowMs: number, tz: string): boolean {
  return nowMs >= expiresAtMs(expiresOnDay, tz);
}
