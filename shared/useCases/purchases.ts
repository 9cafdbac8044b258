import type { PurchaseBody, RefundBody } from '../api/purchases.js';
import { purchaseBody } from '../api/purchases.js';
import type { Clock } from '../clock.js';
import {
  type AccountState,
  creditBonus,
  creditPurchase as creditPurchaseToAccount,
  estimatePoints,
  reverseForRefund,
  settleAccount,
} from '../domain/account.js';
import { claimWindow } from '../domain/claimWindow.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import { pointsToReverse } from '../domain/refunds.js';
import { qualifyingRefundFen } from '../domain/rules/qualifying.js';
import type { BreakdownLine, PurchaseItem } from '../domain/rules/ruleTypes.js';
import { storeRef } from '../domain/stores.js';
import {
  assertClaimable,
  Conflict,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../errors.js';
import { differingFields, fingerprint } from '../fingerprint.js';
import { assertStore, type Caller } from '../http/caller.js';
import { fieldErrorsOf } from '../http/validate.js';
import {
  CounterShort,
  type LedgerStore,
  OperationExists,
  OperationKind,
  type OperationRecord,
  StaleRecord,
} from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { StoreDirectory } from '../ports/PartnerStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import type { Queue } from '../ports/Queue.js';
import { budgetSnapshot, learnCounterCounts } from './campaignBudgets.js';
import { withOptimisticRetry } from './ledgerTransaction.js';
import { notificationRecord } from './notifications.js';
import { assertKnownStore } from './stores.js';

export const PurchaseStatus = { accepted: 'accepted', credited: 'credited', rejected: 'rejected' } as const;
export type PurchaseStatus = (typeof PurchaseStatus)[keyof typeof PurchaseStatus];

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
}

const iso = (ms: number) => new Date(ms).toISOString();

function comparable(body: PurchaseBody): Record<string, unknown> {
  const { items, ...rest } = body;
  return { ...rest, items: items ? fingerprint(items) : null };
}

function comparableOf(data: PurchaseData): Record<string, unknown> {
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

export function purchaseView(data: PurchaseData, breakdown?: readonly BreakdownLine[]) {
  return {
    purchaseId: data.purchaseId,
    memberId: data.memberId,
    storeId: data.storeId,
    status: data.status,
    amount: data.amountFen,
    currency: data.currency,
    occurredAt: data.occurredAt,
    points: data.points,
    availableAt: data.availableAt,
    refundedAmount: data.refundedFen,
    pointsReversed: data.pointsReversed,
    acceptedAt: data.acceptedAt,
    creditedAt: data.creditedAt ?? null,
    ...(data.reason ? { reason: data.reason } : {}),
    ...(breakdown ? { breakdown } : {}),
  };
}

/**
 * The points the purchase should earn, from the member as they are now. An erased member takes no
 * more writes (404); a purchase for an unknown member is accepted and then `rejected` by the
 * accrual consumer with the reason `member_not_found`, visible on GET /v1/purchases/{id}.
 */
async function estimate(deps: PurchasesDeps, partnerId: string, body: PurchaseBody): Promise<number> {
  const member = await deps.members.getMember(body.memberId);
  if (member && member.account.status !== 'active') throw new NotFound(`Member "${body.memberId}"`);
  const occurredAtMs = Date.parse(body.occurredAt);
  const store = storeRef(partnerId, body.storeId);
  return estimatePoints(member?.account ?? null, member?.profile.birthday ?? null, {
    amountFen: body.amount,
    items: body.items,
    occurredAtMs,
    storeId: store,
    program: await deps.programs.at(occurredAtMs, store),
    nowMs: deps.clock.nowMs(),
  });
}

/**
 * Records a purchase as accepted and puts it on the accrual queue. A replay with the same body
 * answers the first result (and re-sends the message if the purchase is still waiting, in case the
 * first send was lost); the same id with another body is an idempotency conflict.
 */
async function acceptOne(
  deps: PurchasesDeps,
  caller: Caller,
  body: PurchaseBody,
): Promise<{ data: PurchaseData; send: boolean }> {
  assertStore(caller, body.storeId);
  const program = await deps.programs.current();
  assertClaimable(
    claimWindow(Date.parse(body.occurredAt), deps.clock.nowMs(), program),
    program.earning.claimWindowDays,
  );
  if (body.currency !== program.currency) {
    throw new ValidationFailed([
      { path: 'currency', message: `The programme's currency is ${program.currency}.` },
    ]);
  }
  try {
    await assertKnownStore(deps.partners, program, caller.partnerId, body.storeId);
  } catch (error) {
    // A replay of a purchase accepted before answers the first result whatever the registry says now.
    if (!(await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, body.purchaseId)))
      throw error;
  }
  const data: PurchaseData = {
    status: PurchaseStatus.accepted,
    partnerId: caller.partnerId,
    purchaseId: body.purchaseId,
    memberId: body.memberId,
    storeId: body.storeId,
    occurredAt: body.occurredAt,
    currency: body.currency,
    amountFen: body.amount,
    itemsFingerprint: body.items ? fingerprint(body.items) : null,
    ...(body.items ? { items: body.items } : {}),
    fingerprint: fingerprint(comparable(body)),
    estimatedPoints: await estimate(deps, caller.partnerId, body),
    acceptedAt: iso(deps.clock.nowMs()),
    points: 0,
    availableAt: null,
    refundedFen: 0,
    pointsReversed: 0,
    earnTransactionId: null,
  };
  const { created, record } = await deps.ledger.createRecord({
    kind: OperationKind.purchase,
    scope: caller.partnerId,
    id: body.purchaseId,
    data: data as unknown as Record<string, unknown>,
  });
  if (created) return { data, send: true };
  const existing = record.data as unknown as PurchaseData;
  if (existing.fingerprint !== data.fingerprint) {
    throw new IdempotencyConflict(
      'purchaseId',
      body.purchaseId,
      differingFields(comparableOf(existing), comparable(body)),
    );
  }
  return { data: existing, send: existing.status === PurchaseStatus.accepted };
}

const accrualMessageOf = (data: PurchaseData): AccrualMessage => ({
  partnerId: data.partnerId,
  purchaseId: data.purchaseId,
  purchase: data,
});

export async function acceptPurchase(deps: PurchasesDeps, caller: Caller, body: PurchaseBody) {
  const { data, send } = await acceptOne(deps, caller, body);
  if (send) await deps.accrualQueue.sendAll([accrualMessageOf(data)]);
  return {
    purchaseId: data.purchaseId,
    status: PurchaseStatus.accepted,
    estimatedPoints: data.estimatedPoints,
  };
}

/** Accepts up to 100 purchases; each one stands or falls alone, and the accepted ones go out in SQS batches. */
export async function acceptPurchaseBatch(
  deps: PurchasesDeps,
  caller: Caller,
  purchases: readonly unknown[],
) {
  const outcomes = await Promise.all(
    purchases.map(async (raw, index) => {
      const parsed = purchaseBody.safeParse(raw);
      const purchaseId =
        raw && typeof raw === 'object' && typeof (raw as { purchaseId?: unknown }).purchaseId === 'string'
          ? (raw as { purchaseId: string }).purchaseId
          : null;
      if (!parsed.success) {
        const errors = fieldErrorsOf(parsed.error).map((e) => ({
          ...e,
          path: `purchases.${index}.${e.path}`,
        }));
        return {
          result: {
            purchaseId,
            status: 'rejected' as const,
            error: { code: ErrorCode.validationFailed, detail: 'The purchase is not valid.', errors },
          },
        };
      }
      try {
        const { data, send } = await acceptOne(deps, caller, parsed.data);
        return {
          result: { purchaseId, status: 'accepted' as const, estimatedPoints: data.estimatedPoints },
          message: send ? accrualMessageOf(data) : undefined,
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return {
          result: {
            purchaseId,
            status: 'rejected' as const,
            error: {
              code: error.code,
              detail: error.message,
              ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
            },
          },
        };
      }
    }),
  );
  const messages = outcomes.flatMap((outcome) =>
    'message' in outcome && outcome.message ? [outcome.message] : [],
  );
  await deps.accrualQueue.sendAll(messages);
  return { results: outcomes.map((outcome) => outcome.result) };
}

/**
 * How long an accepted purchase may wait for its accrual message before the sweeper sends it
 * again: longer than a message normally takes, so the sweeper rarely duplicates a live one.
 */
export const resendAfterMs = 2 * 60_000;

/**
 * The sweeper's step: a purchase still `accepted` long after acceptance lost its accrual message
 * (the API died after the conditional put, or the queue lost it): send it again. Crediting is
 * exactly once whatever the number of messages, so a duplicate costs one read.
 */
export async function resendAcceptedPurchase(
  deps: { ledger: LedgerStore; accrualQueue: Queue<AccrualMessage> },
  partnerId: string,
  purchaseId: string,
): Promise<boolean> {
  const record = await deps.ledger.getRecord(OperationKind.purchase, partnerId, purchaseId);
  const data = record?.data as unknown as PurchaseData | undefined;
  if (data?.status !== PurchaseStatus.accepted) return false;
  await deps.accrualQueue.sendAll([accrualMessageOf(data)]);
  return true;
}

export async function getPurchase(deps: PurchasesDeps, caller: Caller, purchaseId: string) {
  const record = await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, purchaseId);
  if (!record) throw new NotFound(`Purchase "${purchaseId}"`);
  const data = record.data as unknown as PurchaseData;
  assertStore(caller, data.storeId);
  // The breakdown is kept once, on the earn entry (written with the record, so it is there).
  const entry =
    data.status === PurchaseStatus.credited && data.earnTransactionId && data.creditedAt
      ? await deps.ledger.getEntry(data.memberId, data.creditedAt, data.earnTransactionId)
      : null;
  return purchaseView(data, entry?.breakdown);
}

function purchaseRecord(data: PurchaseData): OperationRecord {
  return {
    kind: OperationKind.purchase,
    scope: data.partnerId,
    id: data.purchaseId,
    data: data as unknown as Record<string, unknown>,
  };
}

/**
 * The accrual consumer's use case: credits an accepted purchase exactly once. Replays and
 * concurrent duplicates find the record no longer `accepted` and do nothing. A purchase that
 * can never be credited (unknown or erased member) becomes `rejected` with a reason.
 */
export async function creditPurchase(deps: PurchasesDeps, message: AccrualMessage): Promise<PurchaseStatus> {
  let carried = message.purchase?.status === PurchaseStatus.accepted ? message.purchase : undefined;
  return withOptimisticRetry(async () => {
    let data = carried;
    carried = undefined; // a retry reads the record: something else may have moved it on
    if (!data) {
      const record = await deps.ledger.getRecord(
        OperationKind.purchase,
        message.partnerId,
        message.purchaseId,
      );
      if (!record) throw new Error(`Purchase ${message.partnerId}/${message.purchaseId} has no record`);
      data = record.data as unknown as PurchaseData;
    }
    if (data.status !== PurchaseStatus.accepted) return data.status;

    const nowMs = deps.clock.nowMs();
    // The message's purchase must be the stored one: every transition below is conditioned on the
    // fingerprint of what it carries, so a forged or stale message changes nothing.
    const fromFingerprint = fingerprint(comparableOf(data));
    const member = await deps.members.getMember(data.memberId);
    if (member?.account.status !== 'active') {
      const reason = member ? 'member_erased' : 'member_not_found';
      const rejected = purchaseRecord({ ...data, status: PurchaseStatus.rejected, reason });
      try {
        await deps.ledger.commit({
          accounts: [],
          entries: [],
          records: [
            { mode: 'transition', fromStatus: PurchaseStatus.accepted, fromFingerprint, record: rejected },
          ],
        });
      } catch (error) {
        if (!(error instanceof StaleRecord)) throw error;
      }
      return PurchaseStatus.rejected;
    }

    const occurredAtMs = Date.parse(data.occurredAt);
    // The store within its partner, as the programme's campaigns and gray release name it.
    const store = storeRef(data.partnerId, data.storeId);
    const program = await deps.programs.at(occurredAtMs, store);
    // Campaign budgets: the points are cut to what is known to remain, and counted by conditional
    // takes in this transaction (domain/rules/budget.ts); a take that finds less retries.
    const budgets = budgetSnapshot(program);
    const credited = creditPurchaseToAccount(settleAccount(member.account as AccountState, nowMs), {
      purchaseId: data.purchaseId,
      amountFen: data.amountFen,
      items: data.items,
      occurredAtMs,
      storeId: store,
      birthday: member.profile.birthday,
      nowMs,
      program,
      budgetLeft: budgets.left,
    });
    const counters = budgets.takes(credited.campaignGrants, data.purchaseId);
    const transactionId = `earn-${data.partnerId}-${data.purchaseId}`;
    const entries: LedgerEntry[] = [
      {
        memberId: data.memberId,
        transactionId,
        type: EntryType.earn,
        points: credited.points,
        createdAt: iso(nowMs),
        occurredAt: data.occurredAt,
        reference: `purchase:${data.purchaseId}`,
        description: credited.description,
        ...(credited.availableAtMs > nowMs ? { pendingUntil: iso(credited.availableAtMs) } : {}),
        breakdown: credited.breakdown,
        partnerId: data.partnerId,
        storeId: data.storeId,
        amountFen: data.amountFen,
      },
    ];
    const accounts = [{ next: credited.account, expectedVersion: member.account.version }];

    // Referral: the referrer earns the bonus when the referred member's first purchase is credited.
    const referrerId = member.profile.referrerId;
    if (credited.firstPurchase && referrerId && program.bonuses.referral > 0) {
      const referrer = await deps.ledger.getAccount(referrerId);
      if (referrer && referrer.status === 'active' && referrerId !== data.memberId) {
        accounts.push({
          next: creditBonus(settleAccount(referrer, nowMs), program.bonuses.referral, nowMs, program),
          expectedVersion: referrer.version,
        });
        entries.push({
          memberId: referrerId,
          transactionId: `referral-${data.memberId}`,
          type: EntryType.bonus,
          points: program.bonuses.referral,
          createdAt: iso(nowMs),
          occurredAt: iso(nowMs),
          reference: `referral:${data.memberId}`,
          description: 'Referral bonus',
          // Issued by the first purchase's partner and store.
          partnerId: data.partnerId,
          storeId: data.storeId,
        });
      }
    }

    const tierName = (code: string) => program.tiers.find((tier) => tier.code === code)?.name ?? code;
    const tierNotice = credited.tierChanged
      ? [
          {
            mode: 'create' as const,
            record: notificationRecord(
              data.memberId,
              `tier-${data.partnerId}-${data.purchaseId}`,
              {
                kind: 'tierChange',
                fromName: tierName(credited.tierChanged.from),
                toName: tierName(credited.tierChanged.to),
                direction: 'up',
                reason: 'upgrade',
              },
              nowMs,
            ),
          },
        ]
      : [];
    try {
      await deps.ledger.commit({
        accounts,
        entries,
        records: [
          ...tierNotice,
          {
            mode: 'transition',
            fromStatus: PurchaseStatus.accepted,
            fromFingerprint,
            record: purchaseRecord({
              ...data,
              status: PurchaseStatus.credited,
              points: credited.points,
              availableAt: iso(credited.availableAtMs),
              earnTransactionId: transactionId,
              creditedAt: iso(nowMs),
              qualifyingFen: credited.qualifyingFen,
              programVersion: program.version,
            }),
          },
        ],
        counters,
      });
      budgets.committed(counters);
    } catch (error) {
      if (error instanceof StaleRecord) return PurchaseStatus.credited;
      if (error instanceof CounterShort) learnCounterCounts(error.counts);
      throw error;
    }
    return PurchaseStatus.credited;
  });
}

export interface RefundData {
  readonly status: 'completed';
  readonly refundId: string;
  readonly purchaseId: string;
  readonly amountFen: number;
  readonly occurredAt: string;
  readonly pointsReversed: number;
  readonly fingerprint: string;
}

const refundView = (data: RefundData) => ({
  refundId: data.refundId,
  purchaseId: data.purchaseId,
  amount: data.amountFen,
  pointsReversed: data.pointsReversed,
});

/**
 * Reverses a purchase's points in proportion to the refunded amount: from the purchase's
 * pending points first, then available ones; what the member already spent becomes a negative
 * balance that later earnings repay. Qualifying spend falls by the refunded amount.
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
          { purchaseId: data.purchaseId, amount: data.amountFen, occurredAt: data.occurredAt },
          { purchaseId: body.purchaseId, amount: body.amount, occurredAt: body.occurredAt },
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
      const points = pointsToReverse({
        purchasePoints: purchase.points,
        purchaseAmountFen: purchase.amountFen,
        refundedFenBefore: purchase.refundedFen,
        refundFen: body.amount,
      });
      if (points === null) {
        throw new ValidationFailed([
          {
            path: 'amount',
            message: `Refunds would exceed the purchase amount (${purchase.amountFen - purchase.refundedFen} fen left to refund).`,
          },
        ]);
      }
      const account = await deps.ledger.getAccount(purchase.memberId);
      if (account?.status !== 'active') throw new NotFound(`Member "${purchase.memberId}"`);
      const nowMs = deps.clock.nowMs();
      const next = reverseForRefund(settleAccount(account, nowMs), {
        purchaseId: purchase.purchaseId,
        points,
        // Qualifying spend falls by the refund's share of what the purchase added to it.
        amountFen: qualifyingRefundFen(purchase, body.amount),
        purchaseOccurredAtMs: Date.parse(purchase.occurredAt),
        nowMs,
        program,
      });
      const data: RefundData = {
        status: 'completed',
        refundId: body.refundId,
        purchaseId: body.purchaseId,
        amountFen: body.amount,
        occurredAt: body.occurredAt,
        pointsReversed: points,
        fingerprint: requestFingerprint,
      };
      await deps.ledger.commit({
        accounts: [{ next, expectedVersion: account.version }],
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
            mode: 'transition',
            fromStatus: PurchaseStatus.credited,
            record: purchaseRecord({
              ...purchase,
              refundedFen: purchase.refundedFen + body.amount,
              pointsReversed: purchase.pointsReversed + points,
            }),
          },
        ],
        entries:
          points > 0
            ? [
                {
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
                },
              ]
            : [],
      });
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
