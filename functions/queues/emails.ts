import type { SQSRecord } from 'aws-lambda';
import { senderDeps } from '../../shared/adapters/adapters.js';
import { queueConsumer } from '../../shared/queues/queueConsumer.js';
import { type EmailMessage, sendNotification } from '../../shared/useCases/notifications.js';

async function sendRecord(record: SQSRecord): Promise<void> {
  await sendNotification(senderDeps(), JSON.parse(record.body) as EmailMessage);
}

export const handler = queueConsumer('emails', sendRecord);
