/**
 * The Lambda handler of a queue consumer, written once for every queue of shared/system.ts:
 * each record goes to `handleRecord`; one that throws is reported as a partial batch failure
 * (SQS delivers it again, then dead-letters it after the queue's receive limit) and is logged
 * with the queue, its SQS message id, its receive count and the error's name and message. The
 * body is never logged: it may hold personal data.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorSummary, logger } from '../core/logger.js';
import { observed } from '../core/observability.js';
import type { QueueName } from '../system.js';

export type RecordHandler = (record: SQSRecord) => Promise<void>;

export function queueConsumer(queue: QueueName, handleRecord: RecordHandler, log: Logger = logger) {
  return observed(async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const invocationLog = log.createChild();
    if (context) invocationLog.addContext(context);
    // A processor holds one batch's state; the local runtime runs batches of a consumer at once.
    const processor = new BatchProcessor(EventType.SQS);
    const logFailures = async (record: SQSRecord) => {
      try {
        await handleRecord(record);
      } catch (error) {
        invocationLog.error('Queue message failed', {
          queue,
          messageId: record.messageId,
          receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
          error: errorSummary(error),
        });
        throw error;
      }
    };
    return processPartialResponse(event, logFailures, processor, { context });
  });
}
