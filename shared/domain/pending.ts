/** Purchase points inside the return window: pending, then available without any job running. */
import { DateTime } from 'luxon';
import { type Balance, creditBalance } from './lots.js';
import type { Program } from './program.js';

export interface PendingLot {
  readonly purchaseId: string;
  readonly points: number;
  readonly availableAtMs: number;
  readonly expiresOn: string;
}

/** When purchase points become available: the same local time `pendingDays` programme days later. */
export function availableAt(occurredAtMs: number, program: Program): number {
  return DateTime.fromMillis(occurredAtMs, { zone: program.timeZone })
    .plus({ days: program.earning.pendingDays })
    .toMillis();
}

/** Moves the matured pending lots into the balance (repaying any debt first). */
export function settleMatured(
  balance: Balance,
  pending: readonly PendingLot[],
  nowMs: number,
): { balance: Balance; pending: PendingLot[] } {
  let next = balance;
  const still: PendingLot[] = [];
  for (const lot of pending) {
    if (lot.availableAtMs <= nowMs) next = creditBalance(next, lot.expiresOn, lot.points).balance;
    else still.push(lot);
  }
  return { balance: next, pending: still };
}

/** Points still pending at `nowMs`. */
export function pendingTotal(pending: readonly PendingLot[], nowMs: number): number {
  return pending.reduce((sum, lot) => (lot.availableAtMs > nowMs ? sum + lot.points : sum), 0);
}
