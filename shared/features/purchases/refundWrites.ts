/** What a refund writes beside the member's account: its reversal entry, the referral taken back, the tier notice. */

import type { Caller } from '../../core/caller.js';
import type { RefundedAccount } from '../../domain/account.js';
import { reverseReferral, settleAccount } from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { tierDropIsTold, tierName } from '../../domain/tiers.js';
import type { RecordWrite } from '../../ports/LedgerStore.js';
import { notificationRecord } from '../notifications/emails.js';
import type { PurchaseData, PurchasesDeps, ReferralPaid } from './records.js';
import type { RefundBody } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function refundEntry(
  caller: Caller,
  body: RefundBody,
  purchase: PurchaseData,
  points: number,
  nowMs: number,
): LedgerEntry {
  return {
    memberId: purchase.memberId,
    transactionId: `refund-${caller.partnerId}-${body.refundId}`,
    type: EntryType.reversal,
    points: -points,
    createdAt: iso(nowMs),
    occurredAt: body.occurredAt,
    reference: `refund:${body.refundId}`,
    description: `Refund of ${body.amount} fen on purchase ${body.purchaseId}`,
    ...(purchase.earnTransactionId ? { reverses: purchase.earnTransactionId } : {}),
    partnerId: caller.partnerId,
    storeId: purchase.storeId,
  };
}

/** The referral bonus taken back from the referrer (an erased referrer keeps nothing to take). */
export async function referralTakeBack(
  deps: PurchasesDeps,
  caller: Caller,
  body: RefundBody,
  purchase: PurchaseData,
  referral: ReferralPaid,
  program: Program,
  nowMs: number,
) {
  const referrer = await deps.ledger.getAccount(referral.referrerId);
  if (referrer?.status !== 'active') return undefined;
  const entry: LedgerEntry = {
    memberId: referral.referrerId,
    transactionId: `referral-reversal-${caller.partnerId}-${body.refundId}`,
    type: EntryType.reversal,
    points: -referral.points,
    createdAt: iso(nowMs),
    occurredAt: body.occurredAt,
    reference: `refund:${body.refundId}`,
    description: `Referral bonus taken back: the referred member's purchase ${body.purchaseId} was refunded`,
    reverses: referral.transactionId,
    partnerId: purchase.partnerId,
    storeId: purchase.storeId,
  };
  return {
    account: {
      next: reverseReferral(settleAccount(referrer, nowMs), referral.points, nowMs, program),
      expectedVersion: referrer.version,
    },
    entry,
  };
}

/** The member is told of a tier the refund lowered them to (domain/tiers.tierDropIsTold). */
export function tierDropNotice(
  caller: Caller,
  body: RefundBody,
  purchase: PurchaseData,
  refunded: RefundedAccount,
  program: Program,
  nowMs: number,
): RecordWrite[] {
  const changed = refunded.tierChanged;
  if (!changed || !tierDropIsTold(changed)) return [];
  return [
    {
      mode: 'create',
      record: notificationRecord(
        purchase.memberId,
        `tier-refund-${caller.partnerId}-${body.refundId}`,
        {
          kind: 'tierChange',
          fromName: tierName(program, changed.from),
          toName: tierName(program, changed.to),
          direction: 'down',
          reason: 'below_threshold',
        },
        nowMs,
      ),
    },
  ];
}
