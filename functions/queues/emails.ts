import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { senderDeps } from '../../shared/adapters/adapters.js';
import { type EmailMessage, sendNotification } from '../../shared/useCases/notifications.js';

const processor = new BatchProcessor(EventType.SQS);

async function sendRecord(record: SQSRecord): Promise<void> {
  await sendNotification(senderDeps(), JSON.parse(record.body) as EmailMessage);
}

export const handler = async (event: SQSEvent, context: unknown) =>
  processPartialResponse(event, sendRecord, processor, { context: context as never });
