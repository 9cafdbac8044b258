/** The purchase's operation record: its data, its statuses, the fingerprints a replay and a credit are checked by. */
import type { Clock } from '../../core/clock.js';
import { fingerprint } from '../../core/fingerprint.js';
import {
  OperationKind,
  type OperationRecord,
  type PurchaseStatus,
  type StatusOf,
} from '../../core/records.js';
import { programMonth } from '../../domain/calendar.js';
import { legacyLines, noRefunds, type RefundState } from '../../domain/refunds.js';
import type { EarnedLine, PurchaseItem } from '../../domain/rules/ruleTypes.js';
import type { TierUpgrade } from '../../domain/tiers.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import type { StoreDirectory } from '../../ports/PartnerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import type { Queue } from '../../ports/Queue.js';
import type { PurchaseBody, RefundBody } from './schemas.js';

/**
 * What the accrual queue carries: the accepted purchase, so the consumer need not read it back
 * (its fields never change while it is `accepted`); without it, the consumer reads the record.
 */
export interface AccrualMessage {
  readonly partnerId: string;
  readonly purchaseId: string;
  readonly purchase?: PurchaseData;
}

export interface PurchasesDeps {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly programs: ProgramSource;
  readonly accrualQueue: Queue<AccrualMessage>;
  readonly clock: Clock;
  /** The partners' store registries (`stores.requireRegistered`). */
  readonly partners: StoreDirectory;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    PURCHASE: PurchaseData;
    REFUND: RefundData;
  }
}

export interface PurchaseData {
  readonly status: PurchaseStatus;
  readonly partnerId: string;
  readonly purchaseId: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly occurredAt: string;
  readonly currency: string;
  readonly amountFen: number;
  readonly itemsFingerprint: string | null;
  /** The items, for the item rules (purchases accepted before rules existed have none). */
  readonly items?: readonly PurchaseItem[];
  readonly fingerprint: string;
  readonly estimatedPoints: number;
  readonly acceptedAt: string;
  readonly points: number;
  readonly availableAt: string | null;
  readonly refundedFen: number;
  readonly pointsReversed: number;
  readonly earnTransactionId: string | null;
  readonly creditedAt?: string;
  readonly reason?: string;
  /** Once credited: the amount that counts towards tiers and the programme version (the breakdown is on the earn entry). */
  readonly qualifyingFen?: number;
  readonly programVersion?: number;
  /**
   * The member's birthday when the purchase was accepted: the purchase earns with it (a birthday
   * changed afterwards does not reach back). Absent on purchases accepted before it was kept.
   */
  readonly birthdayAtAcceptance?: string | null;
  /**
   * The fingerprint of everything the credit reads from the record (the body, the items as carried,
   * the birthday at acceptance): a carried message is credited only if it is what was stored.
   */
  readonly creditFingerprint?: string;
  /** Once credited: the lines with what each consumed, for refunds to give back (domain/refunds.ts). */
  readonly lines?: readonly EarnedLine[];
  /** Once credited: the tier upgrade the purchase caused. */
  readonly tierUpgrade?: TierUpgrade | null;
  /** Once credited: it counts as a credited purchase until wholly refunded. */
  readonly counted?: boolean;
  /** What refunds have taken so far (amount and items). */
  readonly refunded?: RefundState;
  /** The referral bonus this purchase's credit paid the referrer: a whole refund takes it back. */
  readonly referralPaid?: ReferralPaid;
}

export interface ReferralPaid {
  readonly referrerId: string;
  readonly points: number;
  readonly transactionId: string;
}

export function comparable(body: PurchaseBody): Record<string, unknown> {
  const { items, ...rest } = body;
  return { ...rest, items: items ? fingerprint(items) : null };
}

export function comparableOf(data: PurchaseData): Record<string, unknown> {
  return {
    purchaseId: data.purchaseId,
    memberId: data.memberId,
    storeId: data.storeId,
    occurredAt: data.occurredAt,
    currency: data.currency,
    amount: data.amountFen,
    items: data.itemsFingerprint,
  };
}
/** The fingerprint a credit is conditioned on, computed from what it reads (never taken from a message). */
export function creditFingerprintOf(data: PurchaseData): string {
  return fingerprint({
    ...comparableOf(data),
    items: data.items ? fingerprint(data.items) : null,
    birthdayAtAcceptance: data.birthdayAtAcceptance ?? null,
  });
}
export function purchaseRecord(data: PurchaseData): OperationRecord {
  return {
    kind: OperationKind.purchase,
    scope: data.partnerId,
    id: data.purchaseId,
    data: data,
  };
}
export const accrualMessageOf = (data: PurchaseData): AccrualMessage => ({
  partnerId: data.partnerId,
  purchaseId: data.purchaseId,
  purchase: data,
});

/** A refund's record: what it refunded and the points it reversed (its id and body answer replays). */
export interface RefundData {
  readonly status: StatusOf<'REFUND'>;
  readonly refundId: string;
  readonly purchaseId: string;
  readonly amountFen: number;
  readonly items?: RefundBody['items'];
  readonly occurredAt: string;
  readonly pointsReversed: number;
  readonly fingerprint: string;
}

/** What refunds took so far; a purchase refunded before items were tracked: all by amount. */
export function refundedOf(purchase: PurchaseData): RefundState {
  return (
    purchase.refunded ??
    (purchase.refundedFen > 0
      ? { fen: purchase.refundedFen, unattributedFen: purchase.refundedFen, items: {} }
      : noRefunds)
  );
}

/** The lines the purchase earned with; a purchase credited before lines were kept: one line by amount. */
export function linesOf(purchase: PurchaseData, timeZone: string) {
  return (
    purchase.lines ??
    legacyLines({
      points: purchase.points,
      amountFen: purchase.amountFen,
      qualifyingFen: purchase.qualifyingFen,
      month: programMonth(Date.parse(purchase.occurredAt), timeZone),
    })
  );
}
