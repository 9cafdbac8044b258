/** A member's statement for one programme month, from ledger entries; its figures reconcile. */
import { DateTime } from 'luxon';
import type { LedgerEntry } from './ledgerEntry.js';

export interface StatementFigures {
  readonly period: string;
  readonly opening: number;
  readonly earned: number;
  /** Points spent, net of holds released (positive number). */
  readonly redeemed: number;
  /** Points that expired (positive number). */
  readonly expired: number;
  /** Signed: refunds take points back (−), reversed redemptions return them (+). */
  readonly reversals: number;
  readonly adjustments: number;
  readonly closing: number;
}

/** The instants a programme month starts and ends (exclusive). */
export function periodBounds(period: string, tz: string): { startMs: number; endMs: number } {
  const start = DateTime.fromISO(`${period}-01`, { zone: tz }).startOf('month');
  return { startMs: start.toMillis(), endMs: start.plus({ months: 1 }).toMillis() };
}

/** The previous programme month of an instant, `YYYY-MM`. */
export function previousPeriod(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM');
}

/**
 * Sums entries by kind over the month, by when the ledger recorded them: opening + earned −
 * redeemed − expired + reversals + adjustments = closing, always.
 */
export function statementFigures(
  entries: Iterable<LedgerEntry>,
  period: string,
  tz: string,
): StatementFigures {
  const { startMs, endMs } = periodBounds(period, tz);
  let opening = 0;
  let earned = 0;
  let redeemed = 0;
  let expired = 0;
  let reversals = 0;
  let adjustments = 0;
  for (const entry of entries) {
    const at = Date.parse(entry.createdAt);
    if (at < startMs) {
      opening += entry.points;
      continue;
    }
    if (at >= endMs) continue;
    switch (entry.type) {
      case 'earn':
      case 'bonus':
      case 'activity':
        earned += entry.points;
        break;
      case 'redeem':
      case 'hold':
      case 'release':
        redeemed -= entry.points;
        break;
      case 'expire':
        expired -= entry.points;
        break;
      case 'reversal':
        reversals += entry.points;
        break;
      default:
        adjustments += entry.points;
    }
  }
  const closing = opening + earned - redeemed - expired + reversals + adjustments;
  return { period, opening, earned, redeemed, expired, reversals, adjustments, closing };
}

/** Whether `ms` falls in the quiet hours (from 22:00 to 08:00 by default), programme time. */
export function inQuietHours(ms: number, tz: string, fromHour = 22, toHour = 8): boolean {
  const hour = DateTime.fromMillis(ms, { zone: tz }).hour;
  return fromHour > toHour ? hour >= fromHour || hour < toHour : hour >= fromHour && hour < toHour;
}
