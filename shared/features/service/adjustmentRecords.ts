/** The adjustment record, its view, entry and audit detail: what every adjustment verb shares. */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { DomainError, ErrorCode, NotFound } from '../../core/errors.js';
import { type AdjustmentStatus, OperationKind, type OperationRecord } from '../../core/records.js';
import type { AdjustmentReason } from '../../domain/adjustments.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { AdjustmentList } from '../../ports/AdjustmentList.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

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
export const scope = 'programme';
export const iso = (ms: number) => new Date(ms).toISOString();

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

export const adjustmentRecord = (data: AdjustmentData): OperationRecord => ({
  kind: OperationKind.adjustment,
  scope,
  id: data.adjustmentId,
  data: { ...data },
});

export function adjustEntry(data: AdjustmentData, nowMs: number): LedgerEntry {
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
export const auditDetail = (data: AdjustmentData) => ({
  memberId: data.memberId,
  points: data.points,
  reason: data.reason,
});

export function insufficient(available: number, points: number): DomainError {
  return new DomainError(
    ErrorCode.insufficientPoints,
    `The member has ${available} points available; the adjustment debits ${-points}.`,
  );
}

export async function activeAccount(ledger: LedgerStore, memberId: string) {
  const stored = await ledger.getAccount(memberId);
  if (stored?.status !== 'active') throw new NotFound(`Member "${memberId}"`);
  return stored;
}
