/**
 * The account invariants, named once: what every account the ledger commits must satisfy, and
 * what the book (lots + pending − debt) must equal. Each returns the list of violations (empty:
 * the account holds); the ledger store's commit refuses an account with any (`assertAccount`),
 * and the model test checks every account it reads back.
 */

import type { AccountState } from './account.js';
import { programDay } from './calendar.js';
import { NEVER, totalOf } from './lots.js';

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isPositive = (n: unknown): n is number => isCount(n) && n > 0;

/** The points the book holds for the member: every lot (expired ones not yet swept too), pending, less debt. */
export function bookBalance(account: Pick<AccountState, 'lots' | 'debt' | 'pending'>): number {
  const pending = (account.pending ?? []).reduce((sum, lot) => sum + lot.points, 0);
  return totalOf(account.lots) + pending - (account.debt ?? 0);
}

/** The points reserved by payment holds. */
export function heldPoints(account: Pick<AccountState, 'holds'>): number {
  return Object.values(account.holds ?? {}).reduce((sum, hold) => sum + hold.points, 0);
}

/**
 * The invariants of one account on its own:
 * - lots positive: every lot (and every pending lot) is a positive whole number of points;
 * - debt a whole number ≥ 0;
 * - no live lots while in debt: credits repay debt first and a reversal drains the live lots before
 *   it owes, so debt > 0 leaves only expired lots. Without `at` only what is live at any time is
 *   checked (a lot that never expires); with `at`, every lot not yet expired at `at.nowMs`;
 * - held within book: each hold is the positive sum of the lots it took (points taken out of the
 *   lots, a debit entry), none negative;
 * - the version a whole number ≥ 0, open purchases and campaign points counts ≥ 0.
 */
export function accountViolations(
  account: AccountState,
  at?: { readonly nowMs: number; readonly timeZone: string },
): string[] {
  const violations: string[] = [];
  const lots = account.lots ?? {};
  for (const [date, points] of Object.entries(lots)) {
    if (!isPositive(points)) violations.push(`lot ${date} holds ${points} points (not a positive integer)`);
  }
  for (const lot of account.pending ?? []) {
    if (!isPositive(lot.points))
      violations.push(`pending lot of ${lot.purchaseId} holds ${lot.points} points (not a positive integer)`);
  }
  const debt = account.debt ?? 0;
  if (!isCount(debt)) violations.push(`debt ${debt} is not an integer ≥ 0`);
  if (debt > 0) {
    const today = at ? programDay(at.nowMs, at.timeZone) : NEVER;
    const live = Object.keys(lots).filter((date) => date === NEVER || date > today);
    if (live.length > 0) violations.push(`debt ${debt} with live lots ${live.join(', ')}`);
  }
  for (const [id, hold] of Object.entries(account.holds ?? {})) {
    if (!isPositive(hold.points))
      violations.push(`hold ${id} of ${hold.points} points (not a positive integer)`);
    for (const [date, points] of Object.entries(hold.taken ?? {})) {
      if (!isPositive(points)) violations.push(`hold ${id} took ${points} points of lot ${date}`);
    }
    if (totalOf(hold.taken ?? {}) !== hold.points)
      violations.push(`hold ${id} of ${hold.points} points took ${totalOf(hold.taken ?? {})}`);
  }
  if (!isCount(account.version)) violations.push(`version ${account.version} is not an integer ≥ 0`);
  if (account.openPurchases !== undefined && !isCount(account.openPurchases))
    violations.push(`open purchases ${account.openPurchases} is not an integer ≥ 0`);
  for (const [campaign, points] of Object.entries(account.campaignPoints ?? {})) {
    if (!isCount(points)) violations.push(`campaign ${campaign} points ${points} is not an integer ≥ 0`);
  }
  return violations;
}

/**
 * Book balance equals the entries: the sum of the member's ledger entries is what the book holds
 * (a hold is a debit entry; expired lots the expiry job has not swept yet still count until their
 * `expire` entry is written, which removes them).
 */
export function bookViolations(
  account: Pick<AccountState, 'lots' | 'debt' | 'pending'>,
  entriesSum: number,
): string[] {
  const book = bookBalance(account);
  return book === entriesSum ? [] : [`book balance ${book} ≠ the entries' sum ${entriesSum}`];
}

/** Thrown when the ledger is asked to commit an account that breaks an invariant: a bug, never retried. */
export class InvariantViolated extends Error {
  constructor(
    readonly memberId: string,
    readonly violations: readonly string[],
  ) {
    super(`Account ${memberId} breaks the ledger's invariants: ${violations.join('; ')}`);
    this.name = 'InvariantViolated';
  }
}

/** Throws `InvariantViolated` when the account breaks any invariant. */
export function assertAccount(account: AccountState, at?: { nowMs: number; timeZone: string }): void {
  const violations = accountViolations(account, at);
  if (violations.length > 0) throw new InvariantViolated(account.memberId, violations);
}
