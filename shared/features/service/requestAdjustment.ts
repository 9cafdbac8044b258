import { actorOf, type Caller } from '../../core/caller.js';
import { IdempotencyConflict } from '../../core/errors.js';
import { differingFields, fingerprint } from '../../core/fingerprint.js';
import { AdjustmentStatus, isRecordOf, OperationKind } from '../../core/records.js';
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
  const replay = (data: AdjustmentData) => {
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
  };
  const prior = await deps.ledger.getRecord(OperationKind.adjustment, scope, body.adjustmentId);
  if (prior) return replay(prior.data);

  const actor = actorOf(caller);
  const requested = (nowMs: number, program: Program, appliedToday: number): AdjustmentData => {
    const pending = needsApproval(body.points, program, appliedToday);
    return {
      status: pending ? AdjustmentStatus.pendingApproval : AdjustmentStatus.applied,
      adjustmentId: body.adjustmentId,
      memberId,
      points: body.points,
      reason: body.reason,
      note: body.note ?? null,
      requestedBy: actor,
      approvedBy: null,
      rejectedBy: null,
      createdAt: iso(nowMs),
      decidedAt: null,
      transactionId: pending ? null : `adjust-${body.adjustmentId}`,
      fingerprint: requestFingerprint,
    };
  };
  try {
    return await withOptimisticRetry(async () => {
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
      const data = requested(nowMs, program, appliedToday);
      if (data.status === AdjustmentStatus.pendingApproval) {
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
      const outcome = adjustPoints(stored, body.points, nowMs, program);
      if (!outcome.ok) throw insufficient(outcome.available, body.points);
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
            take: Math.abs(body.points),
            limit: program.adjustments.approvalAbovePoints,
            // Kept well past its programme day, then DynamoDB may delete it.
            ttlEpochSeconds: Math.floor(nowMs / 1000) + 3 * 86_400,
          },
        ],
      });
      return adjustmentView(data);
    });
  } catch (error) {
    if (error instanceof OperationExists && isRecordOf(error.existing, OperationKind.adjustment)) {
      return replay(error.existing.data);
    }
    throw error;
  }
}
