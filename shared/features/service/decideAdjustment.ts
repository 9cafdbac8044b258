import { type Actor, actorOf, type Caller } from '../../core/caller.js';
import { Conflict, DomainError, ErrorCode, NotFound } from '../../core/errors.js';
import { AdjustmentStatus, OperationKind } from '../../core/records.js';
import { adjustPoints } from '../../domain/adjustments.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { StaleRecord } from '../../ports/LedgerStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import {
  type AdjustmentData,
  type AdjustmentsDeps,
  adjustEntry,
  adjustmentRecord,
  adjustmentView,
  auditDetail,
  insufficient,
  iso,
  scope,
} from './adjustmentRecords.js';

async function pendingOne(deps: AdjustmentsDeps, caller: Caller, adjustmentId: string) {
  const record = await deps.ledger.getRecord(OperationKind.adjustment, scope, adjustmentId);
  if (!record) throw new NotFound(`Adjustment "${adjustmentId}"`);
  const data = record.data;
  if (data.requestedBy.partnerId === caller.partnerId && data.requestedBy.keyId === caller.keyId) {
    throw new DomainError(
      ErrorCode.sameApprover,
      `Adjustment "${adjustmentId}" was requested with this key; another key must approve or reject it.`,
    );
  }
  return data;
}

function notPending(data: AdjustmentData, act: 'approve' | 'reject'): Conflict {
  const why =
    data.status === AdjustmentStatus.applied && !data.approvedBy
      ? 'was applied at once (it needed no approval)'
      : `is ${data.status}`;
  return new Conflict(
    ErrorCode.invalidState,
    `Adjustment "${data.adjustmentId}" ${why}; it cannot be ${act}d.`,
  );
}

/** The audit entry of a decision: the adjustment as decided, and who had asked for it. */
function decisionAudit(
  actor: Actor,
  action: typeof AuditAction.adjustmentApproved | typeof AuditAction.adjustmentRejected,
  next: AdjustmentData,
  nowMs: number,
) {
  return auditEntry(actor, action, `adjustment:${next.adjustmentId}`, nowMs, {
    ...auditDetail(next),
    requestedBy: `${next.requestedBy.partnerId}/${next.requestedBy.keyId}`,
  });
}

/**
 * Decides a pending adjustment with `decide`; when another key decided it first (the record is no
 * longer pending), answers as if this one had come second: `settled` of what is stored.
 */
async function decideOnce(
  deps: AdjustmentsDeps,
  adjustmentId: string,
  settled: (current: AdjustmentData) => ReturnType<typeof adjustmentView>,
  decide: () => Promise<ReturnType<typeof adjustmentView>>,
) {
  try {
    return await decide();
  } catch (error) {
    if (!(error instanceof StaleRecord)) throw error;
    const current = await deps.ledger.getRecord(OperationKind.adjustment, scope, adjustmentId);
    return settled(current!.data);
  }
}

/**
 * Applies a pending adjustment as another key approves it. Approving again answers the same; a
 * debit the member can no longer cover is refused (422) and the adjustment stays pending.
 */
export async function approveAdjustment(deps: AdjustmentsDeps, caller: Caller, adjustmentId: string) {
  const data = await pendingOne(deps, caller, adjustmentId);
  const settled = (current: AdjustmentData) => {
    if (current.status === AdjustmentStatus.applied && current.approvedBy) return adjustmentView(current);
    throw notPending(current, 'approve');
  };
  if (data.status !== AdjustmentStatus.pendingApproval) return settled(data);
  const actor = actorOf(caller);
  return decideOnce(deps, adjustmentId, settled, () =>
    withOptimisticRetry(async () => {
      const stored = await deps.ledger.getAccount(data.memberId);
      if (stored?.status !== 'active') {
        throw new Conflict(
          ErrorCode.invalidState,
          `Member "${data.memberId}" is no longer active; reject adjustment "${adjustmentId}" instead.`,
        );
      }
      const program = await deps.programs.current();
      const nowMs = deps.clock.nowMs();
      const outcome = adjustPoints(stored, data.points, nowMs, program);
      if (!outcome.ok) throw insufficient(outcome.available, data.points);
      const next: AdjustmentData = {
        ...data,
        status: AdjustmentStatus.applied,
        approvedBy: actor,
        decidedAt: iso(nowMs),
        transactionId: `adjust-${adjustmentId}`,
      };
      await deps.ledger.commit({
        accounts: [{ next: outcome.account, expectedVersion: stored.version }],
        records: [
          {
            mode: 'transition',
            fromStatus: AdjustmentStatus.pendingApproval,
            record: adjustmentRecord(next),
          },
        ],
        entries: [adjustEntry(next, nowMs)],
        audit: [decisionAudit(actor, AuditAction.adjustmentApproved, next, nowMs)],
      });
      return adjustmentView(next);
    }),
  );
}

/** Rejects a pending adjustment: nothing is credited or debited. Rejecting again answers the same. */
export async function rejectAdjustment(deps: AdjustmentsDeps, caller: Caller, adjustmentId: string) {
  const data = await pendingOne(deps, caller, adjustmentId);
  const settled = (current: AdjustmentData) => {
    if (current.status === AdjustmentStatus.rejected) return adjustmentView(current);
    throw notPending(current, 'reject');
  };
  if (data.status !== AdjustmentStatus.pendingApproval) return settled(data);
  const actor = actorOf(caller);
  const nowMs = deps.clock.nowMs();
  const next: AdjustmentData = {
    ...data,
    status: AdjustmentStatus.rejected,
    rejectedBy: actor,
    decidedAt: iso(nowMs),
  };
  return decideOnce(deps, adjustmentId, settled, async () => {
    await deps.ledger.commit({
      accounts: [],
      records: [
        { mode: 'transition', fromStatus: AdjustmentStatus.pendingApproval, record: adjustmentRecord(next) },
      ],
      entries: [],
      audit: [decisionAudit(actor, AuditAction.adjustmentRejected, next, nowMs)],
    });
    return adjustmentView(next);
  });
}
