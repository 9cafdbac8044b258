/** Reading a purchase (GET /v1/purchases/{purchaseId}). */

import { assertStore, type Caller } from '../../core/caller.js';
import { NotFound } from '../../core/errors.js';
import { OperationKind, PurchaseStatus } from '../../core/records.js';
import type { BreakdownLine } from '../../domain/rules/ruleTypes.js';
import type { PurchaseData, PurchasesDeps } from './records.js';

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
export async function getPurchase(deps: PurchasesDeps, caller: Caller, purchaseId: string) {
  const record = await deps.ledger.getRecord(OperationKind.purchase, caller.partnerId, purchaseId);
  if (!record) throw new NotFound(`Purchase "${purchaseId}"`);
  const data = record.data;
  assertStore(caller, data.storeId);
  // The breakdown is kept once, on the earn entry (written with the record, so it is there).
  const entry =
    data.status === PurchaseStatus.credited && data.earnTransactionId && data.creditedAt
      ? await deps.ledger.getEntry(data.memberId, data.creditedAt, data.earnTransactionId)
      : null;
  return purchaseView(data, entry?.breakdown);
}
