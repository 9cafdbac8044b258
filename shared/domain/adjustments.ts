/**
 * Adjustments by the service desk: a signed number of points with a reason, applied at once up
 * to the programme's approval threshold and after a second key's approval above it.
 */

import { AdjustmentStatus } from '../core/records.js';
import { type AccountState, creditBonus, settleAccount, spendPoints } from './account.js';
import type { Program } from './program.js';

export const AdjustmentReason = {
  goodwill: 'goodwill',
  correction: 'correction',
  compensation: 'compensation',
  migration: 'migration',
  other: 'other',
} as const;
export type AdjustmentReason = (typeof AdjustmentReason)[keyof typeof AdjustmentReason];
export const adjustmentReasons = Object.values(AdjustmentReason) as [AdjustmentReason, ...AdjustmentReason[]];

export const adjustmentStatuses = Object.values(AdjustmentStatus) as [
  AdjustmentStatus,
  ...AdjustmentStatus[],
];

/**
 * Whether an adjustment waits for a second key: when it takes the points one key applied alone
 * to the member in the programme day (`appliedTodayPoints`, either sign counted as its size) above
 * the programme's threshold. Several small ones add up like one large one.
 */
export function needsApproval(points: number, program: Program, appliedTodayPoints = 0): boolean {
  return appliedTodayPoints + Math.abs(points) > program.adjustments.approvalAbovePoints;
}

/**
 * The counter of what one key applied alone to one member in one programme day (sizes of the
 * adjustments applied without approval), bounded by the threshold in the adjustment's transaction.
 */
export function adjustmentDayCounter(keyRef: string, memberId: string, programDay: string): string {
  return `adjust#${keyRef}#${memberId}#${programDay}`;
}

export type AdjustOutcome =
  | { readonly ok: true; readonly account: AccountState }
  | { readonly ok: false; readonly available: number };

/**
 * Applies an adjustment at `nowMs`. A credit is a lot expiring by the programme's policy from
 * `nowMs` and, like every credit, repays debt first. A debit takes the soonest-expiring live
 * points first and never takes available points below zero.
 */
export function adjustPoints(
  account: AccountState,
  points: number,
  nowMs: number,
  program: Program,
): AdjustOutcome {
  const settled = settleAccount(account, nowMs);
  if (points > 0) return { ok: true, account: creditBonus(settled, points, nowMs, program) };
  const spent = spendPoints(settled, -points, nowMs, program);
  return spent.ok ? { ok: true, account: spent.account } : { ok: false, available: spent.available };
}
