import type { PurchaseBody } from '../api/purchases.js';
import { purchaseBody } from '../api/purchases.js';
import type { Clock } from '../clock.js';
import { assertStore, type Caller } from '../core/caller.js';
import {
  assertClaimable,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../core/errors.js';
import { fieldErrorsOf } from '../core/validate.js';
import {
  type AccountState,
  creditBonus,
  creditPurchase as creditPurchaseToAccount,
  estimatePoints,
  settleAccount,
} from '../domain/account.js';
import { claimWindow } from '../domain/claimWindow.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import type { RefundState } from '../domain/refunds.js';
import { withUses } from '../domain/rules/lineUses.js';
import type { BreakdownLine, EarnedLine, PurchaseItem } from '../domain/rules/ruleTypes.js';
import { storeRef } from '../domain/stores.js';
import type { TierUpgrade } from '../domain/tiers.js';
import { differingFields, fingerprint } from '../fingerprint.js';
import {
  CounterShort,
  type LedgerStore,
  OperationKind,
  type OperationRecord,
  StaleRecord,
} from '../ports/LedgerStore.js';
import type { MemberStore } from '../ports/MemberStore.js';
import type { StoreDirectory } from '../ports/PartnerStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import type { Queue } from '../ports/Queue.js';
import {
  budgetSnapshot,
  budgetUsesByCampaign,
  learnCounterCounts,
  refreshBudgets,
} from './campaignBudgets.js';
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
async function estimate(
  deps: PurchasesDeps,
  partnerId: string,
  body: PurchaseBody,
): Promise<{ points: number; birthday: string | null }> {
  const member = await deps.members.getMember(body.memberId);
  if (member && member.account.status !== 'active') throw new NotFound(`Member "${body.memberId}"`);
  const occurredAtMs = Date.parse(body.occurredAt);
  const store = storeRef(partnerId, body.storeId);
  const birthday = member?.profile.birthday ?? null;
  const points = estimatePoints(member?.account ?? null, birthday, {
    amountFen: body.amount,
    items: body.items,
    occurredAtMs,
    storeId: store,
    program: await deps.programs.at(occurredAtMs, store),
    nowMs: deps.clock.nowMs(),
  });
  return { points, birthday };
}

/** The fingerprint a credit is conditioned on, computed from what it reads (never taken from a message). */
function creditFingerprintOf(data: PurchaseData): string {
  return fingerprint({
    ...comparableOf(data),
    items: data.items ? fingerprint(data.items) : null,
    birthdayAtAcceptance: data.birthdayAtAcceptance ?? null,
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
  try {
    assertClaimable(
      claimWindow(Date.parse(body.occurredAt), deps.clock.nowMs(), program),
      program.earning.claimWindowDays,
    );
  } catch (error) {
    // A replay answers the first result forever (CONTRACT §2), also once the window has closed;
    // another body under the id is still a conflict (below).
    if (!(await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, body.purchaseId)))
      throw error;
  }
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
  const estimated = await estimate(deps, caller.partnerId, body);
  const accepted: PurchaseData = {
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
    estimatedPoints: estimated.points,
    acceptedAt: iso(deps.clock.nowMs()),
    points: 0,
    availableAt: null,
    refundedFen: 0,
    pointsReversed: 0,
    earnTransactionId: null,
    birthdayAtAcceptance: estimated.birthday,
  };
  const data: PurchaseData = { ...accepted, creditFingerprint: creditFingerprintOf(accepted) };
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

export function purchaseRecord(data: PurchaseData): OperationRecord {
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
  // A carried purchase is used only when it can be checked whole against the record (its credit
  // fingerprint); an older message, or one without it, is read back.
  let carried =
    message.purchase?.status === PurchaseStatus.accepted && message.purchase.creditFingerprint
      ? message.purchase
      : undefined;
  let budgetsRead = false;
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
    // fingerprint computed from what it carries (items included), so a forged or stale message
    // changes nothing. A record accepted before credit fingerprints has only the body's.
    const guard = data.creditFingerprint
      ? { fromFingerprint: creditFingerprintOf(data), fingerprintField: 'creditFingerprint' }
      : { fromFingerprint: fingerprint(comparableOf(data)) };
    const member = await deps.members.getMember(data.memberId);
    if (member?.account.status !== 'active') {
      const reason = member ? 'member_erased' : 'member_not_found';
      const rejected = purchaseRecord({ ...data, status: PurchaseStatus.rejected, reason });
      try {
        await deps.ledger.commit({
          accounts: [],
          entries: [],
          records: [{ mode: 'transition', fromStatus: PurchaseStatus.accepted, ...guard, record: rejected }],
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
    const creditWith = (budgets: ReturnType<typeof budgetSnapshot>) =>
      creditPurchaseToAccount(settleAccount(member.account as AccountState, nowMs), {
        purchaseId: data.purchaseId,
        amountFen: data.amountFen,
        items: data.items,
        occurredAtMs,
        storeId: store,
        birthday:
          data.birthdayAtAcceptance !== undefined ? data.birthdayAtAcceptance : member.profile.birthday,
        nowMs,
        program,
        budgetLeft: budgets.left,
      });
    let budgets = budgetSnapshot(program);
    let credited = creditWith(budgets);
    if (credited.budgetLimited.length > 0 && !budgetsRead) {
      // Cut by a budget as this process knows it: refunds elsewhere may have given some back.
      budgetsRead = true;
      await refreshBudgets(deps.ledger, program, credited.budgetLimited);
      budgets = budgetSnapshot(program);
      credited = creditWith(budgets);
    }
    const counters = budgets.takes(credited.campaignGrants, data.purchaseId);
    const budgetUses = budgetUsesByCampaign(counters);
    const lines = credited.lines.map((line) => {
      const uses = line.ruleId.startsWith('campaign:')
        ? budgetUses.get(line.ruleId.slice('campaign:'.length))
        : undefined;
      return uses ? withUses(line, uses) : line;
    });
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

    // Referral: the referrer earns the bonus when the referred member's first purchase that earns
    // points is credited (one that earns none pays nothing); a whole refund of it takes the bonus
    // back (refunds.ts), and the next purchase that earns points pays it again.
    const referrerId = member.profile.referrerId;
    let referralPaid: ReferralPaid | undefined;
    if (
      credited.points > 0 &&
      credited.account.referralPaidBy === null &&
      referrerId &&
      program.bonuses.referral > 0
    ) {
      const referrer = await deps.ledger.getAccount(referrerId);
      if (referrer && referrer.status === 'active' && referrerId !== data.memberId) {
        const referralTransactionId = `referral-${data.memberId}-${data.partnerId}-${data.purchaseId}`;
        referralPaid = { referrerId, points: program.bonuses.referral, transactionId: referralTransactionId };
        accounts[0] = {
          ...accounts[0]!,
          next: { ...credited.account, referralPaidBy: `${data.partnerId}/${data.purchaseId}` },
        };
        accounts.push({
          next: creditBonus(settleAccount(referrer, nowMs), program.bonuses.referral, nowMs, program),
          expectedVersion: referrer.version,
        });
        entries.push({
          memberId: referrerId,
          transactionId: referralTransactionId,
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
            ...guard,
            record: purchaseRecord({
              ...data,
              status: PurchaseStatus.credited,
              points: credited.points,
              availableAt: iso(credited.availableAtMs),
              earnTransactionId: transactionId,
              creditedAt: iso(nowMs),
              qualifyingFen: credited.qualifyingFen,
              programVersion: program.version,
              lines,
              tierUpgrade: credited.tierUpgrade,
              counted: true,
              ...(referralPaid ? { referralPaid } : {}),
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

export { type RefundData, refundPurchase } from './refunds.js';
