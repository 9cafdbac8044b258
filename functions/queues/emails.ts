import type { SQSRecord } from 'aws-lambda';
import { BusinessMetric, count } from '../../shared/core/observability.js';
import { type EmailMessage, sendNotification } from '../../shared/features/notifications/emails.js';
import { queueConsumer } from '../../shared/queues/queueConsumer.js';
import { senderDeps } from '../../shared/wiring/adapters.js';

async function sendRecord(record: SQSRecord): Promise<void> {
  if ((await sendNotification(senderDeps(), JSON.parse(record.body) as EmailMessage)) === 'sent') {
    count(BusinessMetric.emailsSent);
  }
}

export const handler = queueConsumer('emails', sendRecord);
