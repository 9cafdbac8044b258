/**
 * Adjustments by the service desk: a signed number of points with a reason, applied at once up
 * to the programme's approval threshold and after a second key's approval above it.
 */
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

export const AdjustmentStatus = {
  applied: 'applied',
  pendingApproval: 'pending_approval',
  rejected: 'rejected',
} as const;
export type AdjustmentStatus = (typeof AdjustmentStatus)[keyof typeof AdjustmentStatus];
export const adjustmentStatuses = Object.values(AdjustmentStatus) as [
  AdjustmentStatus,
  ...AdjustmentStatus[],
];

/** More points than the programme's threshold, either sign, wait for a second key. */
export function needsApproval(points: number, program: Program): boolean {
  return Math.abs(points) > program.adjustments.approvalAbovePoints;
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
