/**
 * Point adjustments by the service desk. Adjustment ids are one programme-wide namespace (an
 * adjustment changes the programme's liability, not a partner's sale); any key with
 * `points:adjust` may request one, and one that takes what the key applied alone to the member in
 * the programme day above the programme's threshold is applied only when another key (never the
 * requester's) approves it. Every change is one ledger transaction: the
 * account with its version condition, the adjustment record and its `adjust` entry, and the audit
 * entry of the act.
 */

import type { Clock } from '../../clock.js';
import { type Actor, actorOf, type Caller } from '../../core/caller.js';
import {
  Conflict,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  NotFound,
  ValidationFailed,
} from '../../core/errors.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { AdjustmentStatus, isRecordOf, OperationKind, type OperationRecord } from '../../core/records.js';
import {
  type AdjustmentReason,
  adjustmentDayCounter,
  adjustPoints,
  needsApproval,
} from '../../domain/adjustments.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { programDay } from '../../domain/calendar.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { differingFields, fingerprint } from '../../fingerprint.js';
import type { AdjustmentList } from '../../ports/AdjustmentList.js';
import { type LedgerStore, OperationExists, StaleRecord } from '../../ports/LedgerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import { withOptimisticRetry } from '../../useCases/ledgerTransaction.js';
import type { AdjustmentBody } from './adjustmentSchemas.js';

export interface AdjustmentsDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
  readonly adjustments: AdjustmentList;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    ADJUSTMENT: AdjustmentData;
  }
}

export interface AdjustmentData {
  readonly status: AdjustmentStatus;
  readonly adjustmentId: string;
  readonly memberId: string;
  readonly points: number;
  readonly reason: AdjustmentReason;
  readonly note: string | null;
  readonly requestedBy: Actor;
  readonly approvedBy: Actor | null;
  readonly rejectedBy: Actor | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly transactionId: string | null;
  readonly fingerprint: string;
}

/** The one namespace of adjustment ids. */
const scope = 'programme';
const iso = (ms: number) => new Date(ms).toISOString();

export function adjustmentView(data: AdjustmentData) {
  return {
    adjustmentId: data.adjustmentId,
    memberId: data.memberId,
    points: data.points,
    reason: data.reason,
    note: data.note,
    status: data.status,
    requestedBy: data.requestedBy,
    ...(data.approvedBy ? { approvedBy: data.approvedBy } : {}),
    ...(data.rejectedBy ? { rejectedBy: data.rejectedBy } : {}),
    createdAt: data.createdAt,
    decidedAt: data.decidedAt,
    transactionId: data.transactionId,
  };
}

const adjustmentRecord = (data: AdjustmentData): OperationRecord => ({
  kind: OperationKind.adjustment,
  scope,
  id: data.adjustmentId,
  data: { ...data },
});

function adjustEntry(data: AdjustmentData, nowMs: number): LedgerEntry {
  return {
    memberId: data.memberId,
    transactionId: data.transactionId!,
    type: EntryType.adjust,
    points: data.points,
    createdAt: iso(nowMs),
    occurredAt: data.createdAt,
    reference: `adjustment:${data.adjustmentId}`,
    description: `Adjustment (${data.reason})`,
    partnerId: data.requestedBy.partnerId,
  };
}

/** Ids and figures only: the note may hold personal data and stays out of the audit trail. */
const auditDetail = (data: AdjustmentData) => ({
  memberId: data.memberId,
  points: data.points,
  reason: data.reason,
});

function insufficient(available: number, points: number): DomainError {
  return new DomainError(
    ErrorCode.insufficientPoints,
    `The member has ${available} points available; the adjustment debits ${-points}.`,
  );
}

async function activeAccount(ledger: LedgerStore, memberId: string) {
  const stored = await ledger.getAccount(memberId);
  if (stored?.status !== 'active') throw new NotFound(`Member "${memberId}"`);
  return stored;
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
  try {
    return await withOptimisticRetry(async () => {
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
        audit: [
          auditEntry(actor, AuditAction.adjustmentApproved, `adjustment:${adjustmentId}`, nowMs, {
            ...auditDetail(next),
            requestedBy: `${data.requestedBy.partnerId}/${data.requestedBy.keyId}`,
          }),
        ],
      });
      return adjustmentView(next);
    });
  } catch (error) {
    if (!(error instanceof StaleRecord)) throw error;
    // Approved or rejected by someone else in between: answer as if we had come second.
    const current = await deps.ledger.getRecord(OperationKind.adjustment, scope, adjustmentId);
    return settled(current!.data);
  }
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
  try {
    await deps.ledger.commit({
      accounts: [],
      records: [
        { mode: 'transition', fromStatus: AdjustmentStatus.pendingApproval, record: adjustmentRecord(next) },
      ],
      entries: [],
      audit: [
        auditEntry(actor, AuditAction.adjustmentRejected, `adjustment:${adjustmentId}`, nowMs, {
          ...auditDetail(next),
          requestedBy: `${data.requestedBy.partnerId}/${data.requestedBy.keyId}`,
        }),
      ],
    });
    return adjustmentView(next);
  } catch (error) {
    if (!(error instanceof StaleRecord)) throw error;
    const current = await deps.ledger.getRecord(OperationKind.adjustment, scope, adjustmentId);
    return settled(current!.data);
  }
}

export async function getAdjustment(deps: AdjustmentsDeps, adjustmentId: string) {
  const record = await deps.ledger.getRecord(OperationKind.adjustment, scope, adjustmentId);
  if (!record) throw new NotFound(`Adjustment "${adjustmentId}"`);
  return adjustmentView(record.data);
}

/**
 * Adjustments with `status`, newest first; without it, every status in turn (pending first),
 * the cursor saying which status it has reached.
 */
export async function listAdjustments(
  deps: AdjustmentsDeps,
  status: AdjustmentStatus | undefined,
  page: PageRequest,
) {
  const statuses: readonly AdjustmentStatus[] = status
    ? [status]
    : [AdjustmentStatus.pendingApproval, AdjustmentStatus.applied, AdjustmentStatus.rejected];
  let index = 0;
  let key: Record<string, unknown> | undefined;
  if (page.cursor) {
    const { status: at, key: cursorKey } = page.cursor as { status?: unknown; key?: unknown };
    index = statuses.indexOf(at as AdjustmentStatus);
    if (index < 0 || (cursorKey !== undefined && (typeof cursorKey !== 'object' || cursorKey === null))) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    key = cursorKey as Record<string, unknown> | undefined;
  }
  const items: ReturnType<typeof adjustmentView>[] = [];
  while (index < statuses.length) {
    const current = statuses[index]!;
    const { items: records, next } = await deps.adjustments.page(current, page.limit - items.length, key);
    items.push(...records.map((record) => adjustmentView(record.data)));
    if (items.length >= page.limit) {
      const position = next
        ? { status: current, key: next }
        : index + 1 < statuses.length
          ? { status: statuses[index + 1] }
          : undefined;
      return { items, nextCursor: encodeCursor(position) };
    }
    if (next) {
      key = next;
      continue;
    }
    index++;
    key = undefined;
  }
  return { items, nextCursor: null };
}
