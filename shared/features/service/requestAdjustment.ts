import { type Actor, actorOf, type Caller } from '../../core/caller.js';
import { IdempotencyConflict } from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { AdjustmentStatus, isRecordOf, OperationKind } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import { adjustmentDayCounter, adjustPoints, needsApproval } from '../../domain/adjustments.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { programDay } from '../../domain/calendar.js';
import type { Program } from '../../domain/program.js';
import { OperationExists } from '../../ports/LedgerStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import {
  type AdjustmentData,
  type AdjustmentsDeps,
  activeAccount,
  adjustEntry,
  adjustmentRecord,
  adjustmentView,
  auditDetail,
  insufficient,
  iso,
  scope,
} from './adjustmentRecords.js';
import type { AdjustmentBody } from './adjustmentSchemas.js';

/** The first answer to a replayed adjustment id; with another body, 409 naming the fields. */
function replayed(data: AdjustmentData, requestFingerprint: string, memberId: string, body: AdjustmentBody) {
  if (data.fingerprint !== requestFingerprint) {
    throw new IdempotencyConflict(
      'adjustmentId',
      body.adjustmentId,
      differingFields(
        { memberId: data.memberId, points: data.points, reason: data.reason, note: data.note ?? undefined },
        { memberId, ...body },
      ),
    );
  }
  return adjustmentView(data);
}

/** An adjustment as asked: by which key, for which member, with which body. */
interface Request {
  readonly actor: Actor;
  readonly memberId: string;
  readonly body: AdjustmentBody;
  readonly requestFingerprint: string;
}

/** The adjustment's record as requested: applied at once, or pending approval above the threshold. */
function requested(request: Request, nowMs: number, program: Program, appliedToday: number): AdjustmentData {
  const { body } = request;
  const pending = needsApproval(body.points, program, appliedToday);
  return {
    status: pending ? AdjustmentStatus.pendingApproval : AdjustmentStatus.applied,
    adjustmentId: body.adjustmentId,
    memberId: request.memberId,
    points: body.points,
    reason: body.reason,
    note: body.note ?? null,
    requestedBy: request.actor,
    approvedBy: null,
    rejectedBy: null,
    createdAt: iso(nowMs),
    decidedAt: null,
    transactionId: pending ? null : `adjust-${body.adjustmentId}`,
    fingerprint: request.requestFingerprint,
  };
}

/** Records a request above the threshold for approval, changing no balance. */
async function recordPending(
  deps: AdjustmentsDeps,
  actor: Actor,
  data: AdjustmentData,
  program: Program,
  appliedToday: number,
  nowMs: number,
) {
  await deps.ledger.commit({
    accounts: [],
    records: [{ mode: 'create', record: adjustmentRecord(data) }],
    entries: [],
    audit: [
      auditEntry(actor, AuditAction.adjustmentRequested, `adjustment:${data.adjustmentId}`, nowMs, {
        ...auditDetail(data),
        approvalAbovePoints: program.adjustments.approvalAbovePoints,
        appliedTodayPoints: appliedToday,
      }),
    ],
  });
  return adjustmentView(data);
}

/** Applies the adjustment at once, taking its points from the key's counter for the member's day. */
async function applyNow(
  deps: AdjustmentsDeps,
  actor: Actor,
  stored: AccountState,
  data: AdjustmentData,
  program: Program,
  counter: string,
  nowMs: number,
) {
  const outcome = adjustPoints(stored, data.points, nowMs, program);
  if (!outcome.ok) throw insufficient(outcome.available, data.points);
  await deps.ledger.commit({
    accounts: [{ next: outcome.account, expectedVersion: stored.version }],
    records: [{ mode: 'create', record: adjustmentRecord(data) }],
    entries: [adjustEntry(data, nowMs)],
    audit: [
      auditEntry(
        actor,
        AuditAction.adjustmentApplied,
        `adjustment:${data.adjustmentId}`,
        nowMs,
        auditDetail(data),
      ),
    ],
    counters: [
      {
        counter,
        take: Math.abs(data.points),
        limit: program.adjustments.approvalAbovePoints,
        // Kept well past its programme day, then DynamoDB may delete it.
        ttlEpochSeconds: Math.floor(nowMs / 1000) + 3 * 86_400,
      },
    ],
  });
  return adjustmentView(data);
}

/** One attempt: the account, the programme and what the key applied today read, then one transaction. */
async function requestOnce(deps: AdjustmentsDeps, request: Request) {
  const { actor, memberId } = request;
  const stored = await activeAccount(deps.ledger, memberId);
  const program = await deps.programs.current();
  const nowMs = deps.clock.nowMs();
  // What this key applied alone to the member today: a conditional counter in the same
  // transaction, so concurrent small adjustments cannot all pass under the threshold (one that
  // finds less room is retried, and then waits for approval).
  const counter = adjustmentDayCounter(
    `${actor.partnerId}/${actor.keyId}`,
    memberId,
    programDay(nowMs, program.timeZone),
  );
  const appliedToday = (await deps.ledger.readCounters([counter]))[counter] ?? 0;
  const data = requested(request, nowMs, program, appliedToday);
  if (data.status === AdjustmentStatus.pendingApproval) {
    return recordPending(deps, actor, data, program, appliedToday, nowMs);
  }
  return applyNow(deps, actor, stored, data, program, counter, nowMs);
}

/**
 * Credits or debits at once (up to the threshold) or records the request for approval (above
 * it). The same id with the same body answers the first result; with another body, 409.
 */
export async function requestAdjustment(
  deps: AdjustmentsDeps,
  caller: Caller,
  memberId: string,
  body: AdjustmentBody,
) {
  const requestFingerprint = fingerprint({ memberId, ...body });
  const prior = await deps.ledger.getRecord(OperationKind.adjustment, scope, body.adjustmentId);
  if (prior) return replayed(prior.data, requestFingerprint, memberId, body);
  const request: Request = { actor: actorOf(caller), memberId, body, requestFingerprint };
  try {
    return await withOptimisticRetry(() => requestOnce(deps, request));
  } catch (error) {
    if (error instanceof OperationExists && isRecordOf(error.existing, OperationKind.adjustment)) {
      return replayed(error.existing.data, requestFingerprint, memberId, body);
    }
    throw error;
  }
}
