import type { BreakdownLine } from './rules/ruleTypes.js';

/** The kinds of ledger entry, as the transaction history shows them. */
export const EntryType = {
  earn: 'earn',
  bonus: 'bonus',
  activity: 'activity',
  redeem: 'redeem',
  hold: 'hold',
  release: 'release',
  reversal: 'reversal',
  expire: 'expire',
  adjust: 'adjust',
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

/**
 * An append-only ledger entry. `points` is signed: + credit, − debit. The entry id is derived
 * from the operation that wrote it, so one operation can never write the same entry twice.
 */
export interface LedgerEntry {
  readonly memberId: string;
  readonly transactionId: string;
  readonly type: EntryType;
  readonly points: number;
  /** When the ledger recorded it (business clock). */
  readonly createdAt: string;
  /** When the underlying event happened (the purchase's occurredAt, …). */
  readonly occurredAt: string;
  /** The operation it belongs to, e.g. `purchase:P-1001`. */
  readonly reference: string;
  readonly description: string;
  /** For reversals: the entry this one reverses. */
  readonly reverses?: string;
  /** Points credited still pending (return window) at the time of the entry. */
  readonly pendingUntil?: string;
  /** For purchase earnings: the points by rule, adding up to `points`. */
  readonly breakdown?: readonly BreakdownLine[];
  /**
   * The partner whose operation wrote the entry (purchase, refund, redemption, activity,
   * enrolment, adjustment), for the daily figures and the settlement; absent for the programme's
   * own entries (expiry) and for entries written before entries named it.
   */
  readonly partnerId?: string;
  /** The store of that operation, when it has one. */
  readonly storeId?: string;
  /** For purchase earnings: the purchase's amount (fen), the day's spend. */
  readonly amountFen?: number;
  /** For redemptions of a reward (and their reversal): the reward. */
  readonly rewardId?: string;
}

export function sumOfEntries(entries: Iterable<Pick<LedgerEntry, 'points'>>): number {
  let total = 0;
  for (const entry of entries) total += entry.points;
  return total;
}
