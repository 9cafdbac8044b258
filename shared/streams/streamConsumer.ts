/**
 * The Lambda handler of a stream consumer, written once for every stream of shared/system.ts, as
 * `queueConsumer` is for queues: the batch's records are decoded (keys and images as plain data)
 * and handed to `handleBatch` whole, because a consumer folds many records into one write; what it
 * answers as failed is reported by sequence number (`reportBatchItemFailures`): Lambda, and the
 * local stream poller, deliver the batch again from the first failed record. A throw fails the
 * whole batch. Each failure is logged with the stream, the record's event id and sequence number
 * and the error's name and message, never the images (they may hold personal data).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { storedItemOf } from '../adapters/dynamodb/keys.js';
import { errorSummary, logger } from '../core/logger.js';
import { observed } from '../core/observability.js';
import type { StreamChange } from '../domain/aggregates.js';
import type { StreamName } from '../system.js';

export interface StreamBatchOutcome {
  /** Changes to deliver again (the stream resumes from the first of them). */
  readonly failed: readonly StreamChange[];
  readonly errors: readonly { readonly change: StreamChange; readonly error: unknown }[];
}

export type BatchHandler = (changes: readonly StreamChange[]) => Promise<StreamBatchOutcome>;

type Image = Parameters<typeof unmarshall>[0];

/** A stream record as plain data. */
export function changeOf(record: DynamoDBRecord): StreamChange & { readonly sequenceNumber: string } {
  const data = record.dynamodb ?? {};
  return {
    eventId: record.eventID ?? data.SequenceNumber ?? '',
    eventName: (record.eventName ?? 'MODIFY') as StreamChange['eventName'],
    sequenceNumber: data.SequenceNumber ?? '',
    item: storedItemOf(unmarshall((data.Keys ?? {}) as Image)),
    ...(data.OldImage ? { oldImage: unmarshall(data.OldImage as Image) } : {}),
    ...(data.NewImage ? { newImage: unmarshall(data.NewImage as Image) } : {}),
  };
}

export function streamConsumer(stream: StreamName, handleBatch: BatchHandler, log: Logger = logger) {
  return observed(async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const invocationLog = log.createChild();
    if (context) invocationLog.addContext(context);
    const changes = event.Records.map(changeOf);
    const outcome = await handleBatch(changes);
    for (const { change, error } of outcome.errors) {
      invocationLog.error('Stream record failed', {
        stream,
        eventId: change.eventId,
        sequenceNumber: (change as { sequenceNumber?: string }).sequenceNumber,
        error: errorSummary(error),
      });
    }
    return {
      batchItemFailures: outcome.failed.map((change) => ({
        itemIdentifier: (change as { sequenceNumber?: string }).sequenceNumber ?? change.eventId,
      })),
    };
  });
}
