/**
 * Refunds (POST /v1/refunds): the exact inverse of what they refund. The purchase record keeps the
 * lines it earned with what each consumed; a refund gives back the refunded share of every line
 * (domain/refunds.ts): points, qualifying spend, the daily cap's headroom, campaign caps and budget
 * shards, all in one transaction. A refund that completes the purchase's refunds also stops
 * counting it as a purchase: first-purchase rules apply again, the referral it paid is taken back
 * from the referrer when no earning purchase is left, and the tier is judged again.
 */

import { assertStore, type Caller } from '../../core/caller.js';
import {
  assertClaimable,
  Conflict,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { OperationKind, PurchaseStatus } from '../../core/records.js';
import { type AccountState, refundAccount, settleAccount } from '../../domain/account.js';
import { claimWindow } from '../../domain/claimWindow.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { referralTakenBack } from '../../domain/referral.js';
import { addRefund, released } from '../../domain/refunds.js';
import {
  type LedgerChange,
  OperationExists,
  type RecordWrite,
  StaleRecord,
  VersionConflict,
} from '../../ports/LedgerStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import { assertKnownStore } from '../partners/knownStore.js';
import { budgetGiveBacks, gaveBack } from './campaignBudgets.js';
import {
  linesOf,
  type PurchaseData,
  type PurchasesDeps,
  purchaseRecord,
  type RefundData,
  refundedOf,
} from './records.js';
import { referralTakeBack, refundEntry, tierDropNotice } from './refundWrites.js';
import type { RefundBody } from './schemas.js';

const _iso = (ms: number) => new Date(ms).toISOString();

const refundView = (data: RefundData) => ({
  refundId: data.refundId,
  purchaseId: data.purchaseId,
  amount: data.amountFen,
  pointsReversed: data.pointsReversed,
});

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
  const first = await replayOf(deps, caller, body);
  if (first) return first;
  const program = await deps.programs.current();
  assertClaimable(
    claimWindow(Date.parse(body.occurredAt), deps.clock.nowMs(), program),
    program.earning.claimWindowDays,
  );
  try {
    return await withOptimisticRetry(() => refundOnce(deps, caller, body, program));
  } catch (error) {
    // A replay racing its first attempt: the first committed meanwhile (the id exists), or other
    // refunds committed after it so that this one now reads as beyond the purchase. Either way the
    // till gets the first result, not an error.
    if (error instanceof OperationExists || error instanceof ValidationFailed) {
      const again = await replayOf(deps, caller, body);
      if (again) return again;
    }
    throw error;
  }
}

/** The first result of a refund with this id and body; the same id with another body is a conflict. */
async function replayOf(deps: PurchasesDeps, caller: Caller, body: RefundBody) {
  const existing = await deps.ledger.getRecord(OperationKind.refund, caller.partnerId, body.refundId);
  if (!existing) return null;
  const data = existing.data;
  if (data.fingerprint !== fingerprint(body)) {
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
}

/** The purchase refunded: the caller's, at a known store, and credited. */
async function creditedPurchase(deps: PurchasesDeps, caller: Caller, body: RefundBody, program: Program) {
  const record = await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, body.purchaseId);
  if (!record) throw new NotFound(`Purchase "${body.purchaseId}"`);
  const purchase = record.data;
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
  return purchase;
}

/**
 * The share of the purchase this refund takes (domain/refunds.ts): what is refunded once it is
 * added, what it gives back, and whether it completes the purchase's refunds.
 */
function refundShare(purchase: PurchaseData, body: RefundBody, program: Program) {
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
  return { after, back, whole: after.fen === purchase.amountFen };
}

type RefundShare = ReturnType<typeof refundShare>;

/** The member's account as read (its version guards the change) and with the share reversed. */
async function memberRefunded(
  deps: PurchasesDeps,
  purchase: PurchaseData,
  share: RefundShare,
  program: Program,
) {
  const account = await deps.ledger.getAccount(purchase.memberId);
  if (account?.status !== 'active') throw new NotFound(`Member "${purchase.memberId}"`);
  const nowMs = deps.clock.nowMs();
  const refunded = refundAccount(settleAccount(account, nowMs), {
    purchaseId: purchase.purchaseId,
    points: share.back.points,
    amountFen: 0,
    released: share.back.uses,
    purchaseOccurredAtMs: Date.parse(purchase.occurredAt),
    nowMs,
    program,
    ...(share.whole ? { whole: { counted: purchase.counted === true } } : {}),
    tierUpgrade: purchase.tierUpgrade ?? null,
  });
  return { account, refunded, nowMs };
}

function refundData(body: RefundBody, pointsReversed: number): RefundData {
  return {
    status: 'completed',
    refundId: body.refundId,
    purchaseId: body.purchaseId,
    amountFen: body.amount,
    ...(body.items ? { items: body.items } : {}),
    occurredAt: body.occurredAt,
    pointsReversed,
    fingerprint: fingerprint(body),
  };
}

/** The refund's record, and the purchase's moved on by the share. */
function refundRecords(
  caller: Caller,
  purchase: PurchaseData,
  data: RefundData,
  share: RefundShare,
): RecordWrite[] {
  return [
    {
      mode: 'create',
      record: { kind: OperationKind.refund, scope: caller.partnerId, id: data.refundId, data: { ...data } },
    },
    {
      // Guarded by what was refunded when it was read: concurrent refunds never overwrite each other.
      mode: 'transition',
      fromStatus: PurchaseStatus.credited,
      fromFingerprint: purchase.refundedFen,
      fingerprintField: 'refundedFen',
      record: purchaseRecord({
        ...purchase,
        refundedFen: share.after.fen,
        refunded: share.after,
        pointsReversed: purchase.pointsReversed + share.back.points,
      }),
    },
  ];
}

/** One attempt: the purchase and the member's account read, the refund's change computed and committed. */
async function refundOnce(deps: PurchasesDeps, caller: Caller, body: RefundBody, program: Program) {
  const purchase = await creditedPurchase(deps, caller, body, program);
  const share = refundShare(purchase, body, program);
  const { back, whole } = share;
  const { account, refunded, nowMs } = await memberRefunded(deps, purchase, share, program);
  const referral = referralTakenBack(purchase, whole);
  const accounts: { next: AccountState; expectedVersion: number }[] = [
    {
      next: referral ? { ...refunded.account, referralPaidBy: null } : refunded.account,
      expectedVersion: account.version,
    },
  ];
  const entries: LedgerEntry[] =
    back.points > 0 ? [refundEntry(caller, body, purchase, back.points, nowMs)] : [];
  const takeBack =
    referral && (await referralTakeBack(deps, caller, body, purchase, referral, program, nowMs));
  if (takeBack) {
    accounts.push(takeBack.account);
    entries.push(takeBack.entry);
  }
  const data = refundData(body, back.points);
  const counters = budgetGiveBacks(back.uses);
  await commitOrRetry(deps, {
    accounts,
    records: [
      ...refundRecords(caller, purchase, data, share),
      ...tierDropNotice(caller, body, purchase, refunded, program, nowMs),
    ],
    entries,
    counters,
  });
  gaveBack(counters);
  return refundView(data);
}
