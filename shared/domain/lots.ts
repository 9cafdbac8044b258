/**
 * A member's available points, kept by expiry date so that spending takes the soonest-expiring
 * first and expiry removes exactly what is left of each date.
 */
import { isExpired } from './expiry.js';

/** Expiry date (`YYYY-MM-DD`, or NEVER) → positive points. */
export type Lots = Readonly<Record<string, number>>;

/** The expiry date of points that never expire; sorts after every real date. */
export const NEVER = '9999-12-31';

/** Available points and the negative balance owed (debt > 0 only when lots are empty). */
export interface Balance {
  readonly lots: Lots;
  readonly debt: number;
}

const byDate = (lots: Lots) => Object.entries(lots).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function totalOf(lots: Lots): number {
  let total = 0;
  for (const points of Object.values(lots)) total += points;
  return total;
}

export function addToLots(lots: Lots, expiresOn: string, points: number): Lots {
  if (points <= 0) return lots;
  return { ...lots, [expiresOn]: (lots[expiresOn] ?? 0) + points };
}

export type SpendOutcome =
  | { readonly ok: true; readonly lots: Lots; readonly taken: Lots }
  | { readonly ok: false };

/** Takes `points` from the soonest-expiring lots first. */
export function spendSoonestFirst(lots: Lots, points: number): SpendOutcome {
  if (points < 0 || points > totalOf(lots)) return { ok: false };
  let remaining = points;
  const left: Record<string, number> = {};
  const taken: Record<string, number> = {};
  for (const [date, available] of byDate(lots)) {
    const take = Math.min(available, remaining);
    remaining -= take;
    if (take > 0) taken[date] = take;
    if (available - take > 0) left[date] = available - take;
  }
  return { ok: true, lots: left, taken };
}

/** Puts spent points back with the expiry dates they had. */
export function restoreLots(lots: Lots, taken: Lots): Lots {
  return Object.entries(taken).reduce((acc, [date, points]) => addToLots(acc, date, points), lots);
}

/** Removes the lots whose expiry has come; applying it twice changes nothing the second time. */
export function expireDue(
  lots: Lots,
  nowMs: number,
  tz: string,
): { lots: Lots; expired: Lots; points: number } {
  const kept: Record<string, number> = {};
  const expired: Record<string, number> = {};
  for (const [date, points] of Object.entries(lots)) {
    if (date !== NEVER && isExpired(date, nowMs, tz)) expired[date] = points;
    else kept[date] = points;
  }
  return { lots: kept, expired, points: totalOf(expired) };
}

/** Credits points: they repay any debt first, and the rest becomes a lot. */
export function creditBalance(
  balance: Balance,
  expiresOn: string,
  points: number,
): { balance: Balance; repaid: number } {
  const repaid = Math.min(balance.debt, points);
  return {
    balance: { lots: addToLots(balance.lots, expiresOn, points - repaid), debt: balance.debt - repaid },
    repaid,
  };
}

/**
 * Debits reversed points (a refund): from the lots, soonest expiry first, and whatever the lots
 * cannot cover becomes debt, a negative balance.
 */
export function debitForReversal(balance: Balance, points: number): Balance {
  const fromLots = Math.min(points, totalOf(balance.lots));
  const spent = spendSoonestFirst(balance.lots, fromLots);
  const lots = spent.ok ? spent.lots : balance.lots;
  return { lots, debt: balance.debt + (points - fromLots) };
}

/** Available points: what the lots hold less what is owed. */
export function availableOf(balance: Balance): number {
  return totalOf(balance.lots) - balance.debt;
}
