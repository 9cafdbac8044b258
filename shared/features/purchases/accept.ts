/** Accepting purchases (POST /v1/purchases and /batch): recorded as accepted, credited through the accrual queue (credit.ts). */

import { assertStore, type Caller } from '../../core/caller.js';
import {
  assertClaimable,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { OperationKind, PurchaseStatus } from '../../core/records.js';
import { fieldErrorsOf } from '../../core/validate.js';
import { estimatePoints } from '../../domain/account.js';
import { claimWindow } from '../../domain/claimWindow.js';
import type { Program } from '../../domain/program.js';
import { storeRef } from '../../domain/stores.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { Queue } from '../../ports/Queue.js';
import { assertKnownStore } from '../partners/knownStore.js';
import {
  type AccrualMessage,
  accrualMessageOf,
  comparable,
  comparableOf,
  creditFingerprintOf,
  type PurchaseData,
  type PurchasesDeps,
} from './records.js';
import { type PurchaseBody, purchaseBody } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

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
/**
 * The purchase may be accepted: inside the claim window, in the programme's currency, at a store
 * of the caller's that the registry knows. A replay of a purchase accepted before passes the window
 * and the registry whatever they say now (it answers the first result, CONTRACT §2).
 */
async function assertAcceptable(deps: PurchasesDeps, caller: Caller, body: PurchaseBody, program: Program) {
  const acceptedBefore = async () =>
    Boolean(await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, body.purchaseId));
  try {
    assertClaimable(
      claimWindow(Date.parse(body.occurredAt), deps.clock.nowMs(), program),
      program.earning.claimWindowDays,
    );
  } catch (error) {
    // A replay answers the first result forever (CONTRACT §2), also once the window has closed;
    // another body under the id is still a conflict (recordAccepted).
    if (!(await acceptedBefore())) throw error;
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
    if (!(await acceptedBefore())) throw error;
  }
}

/** The accepted purchase's record, with the fingerprint its credit is guarded by. */
function acceptedData(
  caller: Caller,
  body: PurchaseBody,
  estimated: { points: number; birthday: string | null },
  acceptedAtMs: number,
): PurchaseData {
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
    acceptedAt: iso(acceptedAtMs),
    points: 0,
    availableAt: null,
    refundedFen: 0,
    pointsReversed: 0,
    earnTransactionId: null,
    birthdayAtAcceptance: estimated.birthday,
  };
  return { ...accepted, creditFingerprint: creditFingerprintOf(accepted) };
}

/**
 * Creates the purchase's record; one there already with the same body answers it (to be sent again
 * while it waits), with another body is an idempotency conflict.
 */
async function recordAccepted(
  deps: PurchasesDeps,
  caller: Caller,
  body: PurchaseBody,
  data: PurchaseData,
): Promise<{ data: PurchaseData; send: boolean }> {
  const { created, record } = await deps.ledger.createRecord({
    kind: OperationKind.purchase,
    scope: caller.partnerId,
    id: body.purchaseId,
    data: data,
  });
  if (created) return { data, send: true };
  const existing = record.data;
  if (existing.fingerprint !== data.fingerprint) {
    throw new IdempotencyConflict(
      'purchaseId',
      body.purchaseId,
      differingFields(comparableOf(existing), comparable(body)),
    );
  }
  return { data: existing, send: existing.status === PurchaseStatus.accepted };
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
  await assertAcceptable(deps, caller, body, program);
  const estimated = await estimate(deps, caller.partnerId, body);
  return recordAccepted(deps, caller, body, acceptedData(caller, body, estimated, deps.clock.nowMs()));
}

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
  const data = record?.data;
  if (data?.status !== PurchaseStatus.accepted) return false;
  await deps.accrualQueue.sendAll([accrualMessageOf(data)]);
  return true;
}
