/**
 * Point adjustments by the service desk. Adjustment ids are one programme-wide namespace (an
 * adjustment changes the programme's liability, not a partner's sale); any key with
 * `points:adjust` may request one (requestAdjustment.ts), and one that takes what the key applied
 * alone to the member in the programme day above the programme's threshold is applied only when
 * another key (never the requester's) approves it (decideAdjustment.ts). Every change is one ledger
 * transaction: the account with its version condition, the adjustment record and its `adjust`
 * entry, and the audit entry of the act. This file reads them.
 */
import { NotFound, ValidationFailed } from '../../core/errors.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { AdjustmentStatus, OperationKind } from '../../core/records.js';
import { type AdjustmentsDeps, adjustmentView, scope } from './adjustmentRecords.js';

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

export { type AdjustmentData, type AdjustmentsDeps, adjustmentView } from './adjustmentRecords.js';
export { approveAdjustment, rejectAdjustment } from './decideAdjustment.js';
export { requestAdjustment } from './requestAdjustment.js';
