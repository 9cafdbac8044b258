/**
 * Refunds (POST /v1/refunds): the exact inverse of what they refund. The purchase record keeps the
 * lines it earned with what each consumed; a refund gives back the refunded share of every line
 * (domain/refunds.ts): points, qualifying spend, the daily cap's headroom, campaign caps and budget
 * shards, all in one transaction. A refund that completes the purchase's refunds also stops
 * counting it as a purchase: first-purchase rules apply again, the referral it paid is taken back
 * from the referrer when no earning purchase is left, and the tier is judged again.
 */
import type { RefundBody } from '../api/purchases.js';
import { assertStore, type Caller } from '../core/caller.js';
import {
  assertClaimable,
  Conflict,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../core/errors.js';
import { type AccountState, refundAccount, reverseReferral, settleAccount } from '../domain/account.js';
import { programMonth } from '../domain/calendar.js';
import { claimWindow } from '../domain/claimWindow.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import { addRefund, legacyLines, noRefunds, type RefundState, released } from '../domain/refunds.js';
import { differingFields, fingerprint } from '../fingerprint.js';
import {
  type LedgerChange,
  OperationExists,
  OperationKind,
  type RecordWrite,
  StaleRecord,
  VersionConflict,
} from '../ports/LedgerStore.js';
import { budgetGiveBacks, gaveBack } from './campaignBudgets.js';
import { withOptimisticRetry } from './ledgerTransaction.js';
import { notificationRecord } from './notifications.js';
import { type PurchaseData, PurchaseStatus, type PurchasesDeps, purchaseRecord } from './purchases.js';
import { assertKnownStore } from './stores.js';

export interface RefundData {
  readonly status: 'completed';
  readonly refundId: string;
  readonly purchaseId: string;
  readonly amountFen: number;
  readonly items?: RefundBody['items'];
  readonly occurredAt: string;
  readonly pointsReversed: number;
  readonly fingerprint: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

const refundView = (data: RefundData) => ({
  refundId: data.refundId,
  purchaseId: data.purchaseId,
  amount: data.amountFen,
  pointsReversed: data.pointsReversed,
});

/** What refunds took so far; a purchase refunded before items were tracked: all by amount. */
function refundedOf(purchase: PurchaseData): RefundState {
  return (
    purchase.refunded ??
    (purchase.refundedFen > 0
      ? { fen: purchase.refundedFen, unattributedFen: purchase.refundedFen, items: {} }
      : noRefunds)
  );
}

function linesOf(purchase: PurchaseData, timeZone: string) {
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

/** A purchase refunded by someone else since it was read: read again and recompute. */
async function commitOrRetry(deps: PurchasesDeps, change: LedgerChange) {
  try {
    await deps.ledger.commit(change);
  } catch (error) {
    if (error instanceof StaleRecord && error.kind === OperationKind.purchase) {
      throw new VersionConflict('The purchase was refunded concurrently');
    }
    throw error;
  }
}

/**
 * Reverses the refunded part's points: from the purchase's pending points first, then available
 * ones; what the member already spent becomes a negative balance that later earnings repay.
 * Idempotent by `refundId`; concurrent refunds of one purchase are serialised by the account's
 * version and the purchase's refunded amount.
 */
export async function refundPurchase(deps: PurchasesDeps, caller: Caller, body: RefundBody) {
  const requestFingerprint = fingerprint(body);
  const replay = async () => {
    const existing = await deps.ledger.getRecord(OperationKind.refund, caller.partnerId, body.refundId);
    if (!existing) return null;
    const data = existing.data as unknown as RefundData;
    if (data.fingerprint !== requestFingerprint) {
      throw new IdempotencyConflict(
        'refundId',
        body.refundId,
        differingFields(
          {
            purchaseId: data.purchaseId,
            amount: data.amountFen,
            occurredAt: data.occurredAt,
            items: data.items ?? null,
          },
          {
            purchaseId: body.purchaseId,
            amount: body.amount,
            occurredAt: body.occurredAt,
            items: body.items ?? null,
          },
        ),
      );
    }
    return refundView(data);
  };
  const first = await replay();
  if (first) return first;
  const program = await deps.programs.current();
  assertClaimable(
    claimWindow(Date.parse(body.occurredAt), deps.clock.nowMs(), program),
    program.earning.claimWindowDays,
  );

  try {
    return await withOptimisticRetry(async () => {
      const record = await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, body.purchaseId);
      if (!record) throw new NotFound(`Purchase "${body.purchaseId}"`);
      const purchase = record.data as unknown as PurchaseData;
      assertStore(caller, purchase.storeId);
      await assertKnownStore(deps.partners, program, caller.partnerId, purchase.storeId);
      if (purchase.status !== PurchaseStatus.credited) {
        throw new Conflict(
          ErrorCode.invalidState,
          purchase.status === PurchaseStatus.accepted
            ? 'The purchase is not credited yet; retry the refund shortly with the same refundId.'
            : 'The purchase was rejected, so there are no points to reverse.',
        );
      }
      const before = refundedOf(purchase);
      const added = addRefund(purchase, before, { amountFen: body.amount, items: body.items });
      if (!added.ok) throw new ValidationFailed(added.errors);
      const after = added.after;
      const back = released(
        linesOf(purchase, program.timeZone),
        purchase,
        before,
        after,
        purchase.pointsReversed,
      );
      const whole = after.fen === purchase.amountFen;

      const account = await deps.ledger.getAccount(purchase.memberId);
      if (account?.status !== 'active') throw new NotFound(`Member "${purchase.memberId}"`);
      const nowMs = deps.clock.nowMs();
      const refunded = refundAccount(settleAccount(account, nowMs), {
        purchaseId: purchase.purchaseId,
        points: back.points,
        amountFen: 0,
        released: back.uses,
        purchaseOccurredAtMs: Date.parse(purchase.occurredAt),
        nowMs,
        program,
        ...(whole ? { whole: { counted: purchase.counted === true } } : {}),
        tierUpgrade: purchase.tierUpgrade ?? null,
      });
      // The referral this purchase's credit paid goes back with the whole refund.
      const referral = whole ? purchase.referralPaid : undefined;
      const accounts: { next: AccountState; expectedVersion: number }[] = [
        {
          next: referral ? { ...refunded.account, referralPaidBy: null } : refunded.account,
          expectedVersion: account.version,
        },
      ];
      const entries: LedgerEntry[] = [];
      if (back.points > 0) {
        entries.push({
          memberId: purchase.memberId,
          transactionId: `refund-${caller.partnerId}-${body.refundId}`,
          type: EntryType.reversal,
          points: -back.points,
          createdAt: iso(nowMs),
          occurredAt: body.occurredAt,
          reference: `refund:${body.refundId}`,
          description: `Refund of ${body.amount} fen on purchase ${body.purchaseId}`,
          ...(purchase.earnTransactionId ? { reverses: purchase.earnTransactionId } : {}),
          partnerId: caller.partnerId,
          storeId: purchase.storeId,
        });
      }

      if (referral) {
        const referrer = await deps.ledger.getAccount(referral.referrerId);
        if (referrer?.status === 'active') {
          accounts.push({
            next: reverseReferral(settleAccount(referrer, nowMs), referral.points, nowMs, program),
            expectedVersion: referrer.version,
          });
          entries.push({
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
          });
        }
      }

      // A tier that falls to one between the old and the new is told; back to the old one is silent.
      const tierName = (code: string) => program.tiers.find((tier) => tier.code === code)?.name ?? code;
      const tierNotice: RecordWrite[] =
        refunded.tierChanged && !refunded.tierChanged.toOldTier
          ? [
              {
                mode: 'create',
                record: notificationRecord(
                  purchase.memberId,
                  `tier-refund-${caller.partnerId}-${body.refundId}`,
                  {
                    kind: 'tierChange',
                    fromName: tierName(refunded.tierChanged.from),
                    toName: tierName(refunded.tierChanged.to),
                    direction: 'down',
                    reason: 'below_threshold',
                  },
                  nowMs,
                ),
              },
            ]
          : [];

      const data: RefundData = {
        status: 'completed',
        refundId: body.refundId,
        purchaseId: body.purchaseId,
        amountFen: body.amount,
        ...(body.items ? { items: body.items } : {}),
        occurredAt: body.occurredAt,
        pointsReversed: back.points,
        fingerprint: requestFingerprint,
      };
      const counters = budgetGiveBacks(back.uses);
      await commitOrRetry(deps, {
        accounts,
        records: [
          {
            mode: 'create',
            record: {
              kind: OperationKind.refund,
              scope: caller.partnerId,
              id: body.refundId,
              data: { ...data },
            },
          },
          {
            // Guarded by what was refunded when it was read: concurrent refunds never overwrite each other.
            mode: 'transition',
            fromStatus: PurchaseStatus.credited,
            fromFingerprint: purchase.refundedFen,
            fingerprintField: 'refundedFen',
            record: purchaseRecord({
              ...purchase,
              refundedFen: after.fen,
              refunded: after,
              pointsReversed: purchase.pointsReversed + back.points,
            }),
          },
          ...tierNotice,
        ],
        entries,
        counters,
      });
      gaveBack(counters);
      return refundView(data);
    });
  } catch (error) {
    if (error instanceof OperationExists) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}
