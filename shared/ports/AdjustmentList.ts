import type { AdjustmentStatus, OperationRecord } from '../core/records.js';

/**
 * Adjustment records by status, newest first. The records themselves are written by ledger
 * changes (LedgerStore.commit); this reads the index they are listed in.
 */
export interface AdjustmentList {
  page(
    status: AdjustmentStatus,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: readonly OperationRecord<'ADJUSTMENT'>[]; next: Record<string, unknown> | undefined }>;
}
