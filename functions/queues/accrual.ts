import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { BusinessMetric, count } from '../../shared/core/observability.js';
import { PurchaseStatus } from '../../shared/core/records.js';
import { creditPurchase } from '../../shared/features/purchases/credit.js';
import type { AccrualMessage } from '../../shared/features/purchases/records.js';
import { queueConsumer } from '../../shared/queues/queueConsumer.js';
import { accrualQueue, adapters } from '../../shared/wiring/adapters.js';

const messageSchema = z.object({
  partnerId: z.string().min(1),
  purchaseId: z.string().min(1),
  purchase: z.looseObject({ status: z.string(), partnerId: z.string(), purchaseId: z.string() }).optional(),
});

/** Credits one accepted purchase; a throw reports only this record as failed (it is retried, then dead-lettered). */
async function creditRecord(record: SQSRecord): Promise<void> {
  const parsed = messageSchema.parse(JSON.parse(record.body));
  const message = parsed as AccrualMessage;
  if (
    parsed.purchase &&
    (parsed.purchase.partnerId !== parsed.partnerId || parsed.purchase.purchaseId !== parsed.purchaseId)
  ) {
    throw new Error('The carried purchase does not match the message');
  }
  const status = await creditPurchase({ ...adapters(), accrualQueue: accrualQueue() }, message);
  if (status === PurchaseStatus.rejected) count(BusinessMetric.purchasesRejected);
  else if (status === PurchaseStatus.credited) count(BusinessMetric.purchasesCredited);
}

export const handler = queueConsumer('accrual', creditRecord);
