import { describe, expect, it } from 'vitest';
import { programDay, trailingMonths } from '../../shared/domain/calendar.js';
import { type ExpiryPolicy, expiresAtMs, expiresOn, isExpired } from '../../shared/domain/expiry.js';
import { referenceProgram } from '../../shared/domain/program.js';
import { reviewTier } from '../../shared/domain/tiers.js';

const at = (iso: string) => Date.parse(iso);
const shanghai = 'Asia/Shanghai';
const newYork = 'America/New_York';

describe('expiry policies', () => {
  it.each<[string, ExpiryPolicy, string, string, string | null]>([
    [
      'reference: earned in 2025 expire on 2027-01-01',
      { kind: 'yearEnd', yearsAfter: 1 },
      '2025-06-15T12:00:00+08:00',
      shanghai,
      '2027-01-01',
    ],
    [
      'reference: the last second of 2025 in Shanghai is still 2025',
      { kind: 'yearEnd', yearsAfter: 1 },
      '2025-12-31T23:59:59+08:00',
      shanghai,
      '2027-01-01',
    ],
    [
      'reference: 16:00 UTC on 31 Dec is already 2026 in Shanghai',
      { kind: 'yearEnd', yearsAfter: 1 },
      '2025-12-31T16:00:00Z',
      shanghai,
      '2028-01-01',
    ],
    ['次年1月1日清零', { kind: 'nextYearStart' }, '2026-03-01T00:00:00+08:00', shanghai, '2027-01-01'],
    [
      'rolling 12 months',
      { kind: 'rollingMonths', months: 12 },
      '2026-03-15T09:00:00+08:00',
      shanghai,
      '2027-03-15',
    ],
    [
      'rolling months clamp to month end',
      { kind: 'rollingMonths', months: 1 },
      '2026-01-31T09:00:00+08:00',
      shanghai,
      '2026-02-28',
    ],
    [
      'rolling across a DST change in New York',
      { kind: 'rollingMonths', months: 1 },
      '2026-03-08T01:30:00-05:00',
      newYork,
      '2026-04-08',
    ],
    ['never', { kind: 'never' }, '2026-03-15T09:00:00+08:00', shanghai, null],
  ])('%s', (_, policy, earnedAt, tz, expected) => {
    expect(expiresOn(at(earnedAt), policy, tz)).toBe(expected);
  });

  it.each([
    ['Shanghai', shanghai, '2027-01-01', '2026-12-31T23:59:59+08:00', '2027-01-01T00:00:00+08:00'],
    ['New York in winter', newYork, '2027-01-01', '2026-12-31T23:59:59-05:00', '2027-01-01T00:00:00-05:00'],
    [
      'New York on the day DST starts',
      newYork,
      '2026-03-08',
      '2026-03-07T23:59:59-05:00',
      '2026-03-08T00:00:00-05:00',
    ],
    [
      'New York the day after DST starts',
      newYork,
      '2026-03-09',
      '2026-03-08T23:59:59-04:00',
      '2026-03-09T00:00:00-04:00',
    ],
    [
      'Berlin the day after DST ends',
      'Europe/Berlin',
      '2026-10-26',
      '2026-10-25T23:59:59+01:00',
      '2026-10-26T00:00:00+01:00',
    ],
  ])('expires exactly at local midnight: %s', (_, tz, day, justBefore, midnight) => {
    expect(expiresAtMs(day, tz)).toBe(at(midnight));
    expect(isExpired(day, at(justBefore), tz)).toBe(false);
    expect(isExpired(day, at(midnight), tz)).toBe(true);
    expect(isExpired(day, at(midnight) + 1000, tz)).toBe(true);
  });
});

describe('programme calendar', () => {
  it('counts days in the programme time zone', () => {
    expect(programDay(at('2026-11-21T16:00:00Z'), shanghai)).toBe('2026-11-22');
    expect(programDay(at('2026-11-21T15:59:59Z'), shanghai)).toBe('2026-11-21');
  });

  it('lists the trailing twelve months including the current one', () => {
    const months = trailingMonths(at('2026-03-10T00:00:00+08:00'), shanghai, 12);
    expect(months[0]).toBe('2025-04');
    expect(months.at(-1)).toBe('2026-03');
  });
});

describe('tier review', () => {
  const now = at('2027-02-01T02:00:00+08:00');
  it.each([
    [
      'an inactive silver member goes to base',
      'silver',
      150_000,
      '2026-07-15T10:00:00+08:00',
      'base',
      'inactive',
    ],
    [
      'a gold member with little spend steps down to silver',
      'gold',
      200_000,
      '2027-01-20T10:00:00+08:00',
      'silver',
      'below_threshold',
    ],
    [
      'a platinum member below threshold steps down one tier only',
      'platinum',
      0,
      '2027-01-20T10:00:00+08:00',
      'gold',
      'below_threshold',
    ],
    ['a gold member above threshold stays', 'gold', 1_200_000, '2027-01-20T10:00:00+08:00', 'gold', null],
    ['a base member stays base', 'base', 0, null, 'base', null],
    [
      'five months without a purchase is not yet inactive',
      'silver',
      120_000,
      '2026-09-01T10:00:00+08:00',
      'silver',
      null,
    ],
  ] as const)('%s', (_, currentTier, spend, lastPurchase, tier, reason) => {
    expect(
      reviewTier({
        currentTier,
        trailingSpendFen: spend,
        lastPurchaseAtMs: lastPurchase ? at(lastPurchase) : null,
        nowMs: now,
        program: referenceProgram,
      }),
    ).toEqual({ tier, reason });
  });
});
