/** What a credit writes beside the member's account: the referral it pays, the tier notice. */
import { type CreditedPurchase, creditBonus, settleAccount } from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { referralMayBeDue, referrerCanEarn } from '../../domain/referral.js';
import { tierName } from '../../domain/tiers.js';
import type { RecordWrite } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import { notificationRecord } from '../notifications/emails.js';
import type { PurchaseData, PurchasesDeps, ReferralPaid } from './records.js';

type Member = NonNullable<Awaited<ReturnType<MemberStore['getMember']>>>;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The referral this credit pays (domain/referral.ts), if any: the member's account marks it paid by
 * this purchase, the referrer's is credited, and the bonus entry is issued by the purchase's partner
 * and store.
 */
export async function referralOf(
  deps: PurchasesDeps,
  data: PurchaseData,
  member: Member,
  credited: CreditedPurchase,
  program: Program,
  nowMs: number,
) {
  const referrerId = member.profile.referrerId;
  if (
    !referrerId ||
    !referralMayBeDue({
      pointsEarned: credited.points,
      referralPaidBy: credited.account.referralPaidBy,
      referrerId,
      program,
    })
  )
    return undefined;
  const referrer = await deps.ledger.getAccount(referrerId);
  if (!referrer || !referrerCanEarn(referrer, referrerId, data.memberId)) return undefined;
  const points = program.bonuses.referral;
  const transactionId = `referral-${data.memberId}-${data.partnerId}-${data.purchaseId}`;
  const paid: ReferralPaid = { referrerId, points, transactionId };
  const entry: LedgerEntry = {
    memberId: referrerId,
    transactionId,
    type: EntryType.bonus,
    points,
    createdAt: iso(nowMs),
    occurredAt: iso(nowMs),
    reference: `referral:${data.memberId}`,
    description: 'Referral bonus',
    // Issued by the first purchase's partner and store.
    partnerId: data.partnerId,
    storeId: data.storeId,
  };
  return {
    paid,
    memberAccount: { ...credited.account, referralPaidBy: `${data.partnerId}/${data.purchaseId}` },
    referrerAccount: {
      next: creditBonus(settleAccount(referrer, nowMs), points, nowMs, program),
      expectedVersion: referrer.version,
    },
    entry,
  };
}

/** The member is told of the upgrade this purchase caused, once (the notice's key is the purchase). */
export function tierNotice(
  data: PurchaseData,
  credited: CreditedPurchase,
  program: Program,
  nowMs: number,
): RecordWrite[] {
  if (!credited.tierChanged) return [];
  return [
    {
      mode: 'create',
      record: notificationRecord(
        data.memberId,
        `tier-${data.partnerId}-${data.purchaseId}`,
        {
          kind: 'tierChange',
          fromName: tierName(program, credited.tierChanged.from),
          toName: tierName(program, credited.tierChanged.to),
          direction: 'up',
          reason: 'upgrade',
        },
        nowMs,
      ),
    },
  ];
}
