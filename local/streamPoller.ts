/**
 * The local stand-in for Lambda's DynamoDB Streams event source, built from the same `streams`
 * description of shared/system.ts as the CDK event source: it reads each shard of the table's
 * stream in DynamoDB Local (DescribeStream, GetShardIterator, GetRecords), drops the records the
 * description's filter leaves out, hands batches of at most `batchSize` records to the consumer
 * as a real DynamoDBStreamEvent, and moves on past what succeeded.
 *
 * - Partial failures: the consumer answers `batchItemFailures` by sequence number; the poller
 *   checkpoints before the first failed record and delivers the batch again from it, with
 *   backoff, `retryAttempts` times; then (with `bisectBatchOnError`) it splits what fails in two
 *   and retries each half, and a record that still fails is reported to the stream's
 *   dead-letter queue (the batch's shard and sequence numbers, as Lambda's on-failure
 *   destination does) and skipped.
 * - Checkpoints: the last sequence number done in each shard is kept in `checkpointFile` (under
 *   DATA_DIR), written after every batch; a restart on the same data resumes after it, so no
 *   record is lost (and one delivered twice is counted once: the consumer is idempotent). A
 *   shard without a checkpoint starts at `startingPosition` (TRIM_HORIZON: the whole stream of a
 *   fresh table). A child shard is read once its parent is finished, as Lambda does.
 */
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamDescription } from '../shared/system.js';
import type { Invoker } from './lambda.js';

export interface PolledStream {
  readonly name: string;
  readonly tableName: string;
  readonly description: StreamDescription;
  /** Where records given up on are reported (the stream's DLQ); without it they are only logged. */
  readonly deadLetterQueueUrl?: string;
}

export interface StreamPollers {
  /** Resolves once every shard has been read to its end after this call and no batch is running. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

type Checkpoints = Record<string, Record<string, string>>;

type Attribute = Record<string, unknown>;
const typeKeys = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

/**
 * An AttributeValue as Lambda's event has it: binary as base64, and an empty map as `{ M: {} }`
 * (the streams client answers an empty map as `{}`).
 */
function asEventValue(value: Attribute): Attribute {
  if (value.M !== undefined) return { M: asEventImage(value.M as Record<string, Attribute>) };
  if (value.L !== undefined) return { L: (value.L as Attribute[]).map(asEventValue) };
  if (value.B instanceof Uint8Array) return { B: Buffer.from(value.B).toString('base64') };
  if (Array.isArray(value.BS))
    return { BS: value.BS.map((b) => Buffer.from(b as Uint8Array).toString('base64')) };
  if (!typeKeys.some((key) => value[key] !== undefined)) return { M: {} };
  return value;
}

function asEventImage(image: Record<string, Attribute> | undefined) {
  return (
    image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, asEventValue(value)]))
  );
}

/** A stream record as Lambda delivers it (images in the same AttributeValue form, time in epoch seconds). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: asEventImage(data.Keys as unknown as Record<string, Attribute>) as never,
      ...(data.NewImage
        ? { NewImage: asEventImage(data.NewImage as unknown as Record<string, Attribute>) as never }
        : {}),
      ...(data.OldImage
        ? { OldImage: asEventImage(data.OldImage as unknown as Record<string, Attribute>) as never }
        : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType as never,
    },
  };
}

/** Whether the description's filter lets the record through (Lambda event filtering on the sort key). */
export function passesFilter(record: StreamRecord, filter: StreamDescription['filter']): boolean {
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (sk === undefined) return false;
  return filter.sortKeyEquals.includes(sk) || filter.sortKeyPrefixes.some((prefix) => sk.startsWith(prefix));
}

/** Waits `ms`, or less when `signal` aborts (its listener removed either way). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

const bySequence = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

export function startStreamPollers(options: {
  dynamodb: DynamoDBClient;
  streamsClient: DynamoDBStreamsClient;
  sqs?: SQSClient;
  streams: readonly PolledStream[];
  invoke: Invoker;
  /** A file to keep checkpoints in (created when missing); in memory without one. */
  checkpointFile?: string | null;
  /** Pause between polls of a shard that had nothing new (Lambda polls about four times a second). */
  pollIntervalMs?: number;
  /** Base of the retry backoff. */
  retryDelayMs?: number;
  onError?: (stream: string, error: unknown) => void;
}): StreamPollers {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one waiting listener per shard reader
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const file = options.checkpointFile ?? null;
  const checkpoints: Checkpoints = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const saveCheckpoints = () => {
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(checkpoints));
    renameSync(`${file}.tmp`, file);
  };
  const checkpoint = (streamArn: string, shardId: string, sequenceNumber: string) => {
    checkpoints[streamArn] ??= {};
    const shards = checkpoints[streamArn];
    const current = shards[shardId];
    if (current !== undefined && bySequence(current, sequenceNumber) >= 0) return;
    shards[shardId] = sequenceNumber;
    saveCheckpoints();
  };

  let inFlight = 0;
  /** When each running shard reader last found nothing new, by `<stream>/<shard>`. */
  const quietSince = new Map<string, number>();
  const readers: Promise<void>[] = [];

  /** Delivers records (oldest first) until all succeed or are given up on. */
  async function deliver(stream: PolledStream, streamArn: string, shardId: string, records: StreamRecord[]) {
    const { description } = stream;
    const queue: StreamRecord[][] = [records];
    while (queue.length > 0 && !abort.signal.aborted) {
      let batch = queue.shift()!;
      for (let attempt = 0; batch.length > 0 && !abort.signal.aborted; attempt++) {
        const event: DynamoDBStreamEvent = {
          Records: batch.map((record) => toLambdaRecord(record, streamArn)),
        };
        let failedFrom: number;
        try {
          const response = (await options.invoke(description.consumer, event)) as
            | DynamoDBBatchResponse
            | undefined;
          const failed = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
          const firstFailed = failed.length === 0 ? undefined : failed.sort(bySequence)[0];
          failedFrom =
            firstFailed === undefined
              ? batch.length
              : batch.findIndex((record) => record.dynamodb?.SequenceNumber === firstFailed);
          if (failedFrom < 0) failedFrom = 0;
        } catch (error) {
          options.onError?.(stream.name, error);
          failedFrom = 0;
        }
        if (failedFrom > 0) {
          checkpoint(streamArn, shardId, batch[failedFrom - 1]!.dynamodb!.SequenceNumber!);
          batch = batch.slice(failedFrom);
          if (failedFrom === event.Records.length) break;
          attempt = -1; // progress: the retries count again from the first failed record
          continue;
        }
        if (attempt + 1 <= description.retryAttempts) {
          await sleep(Math.min(retryDelayMs * 2 ** attempt, 5_000), abort.signal);
          continue;
        }
        if (description.bisectBatchOnError && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          queue.unshift(batch.slice(0, half), batch.slice(half));
          break;
        }
        await giveUp(stream, streamArn, shardId, batch);
        checkpoint(streamArn, shardId, batch.at(-1)!.dynamodb!.SequenceNumber!);
        break;
      }
    }
  }

  /** A batch that kept failing: reported as Lambda's on-failure destination reports it, then skipped. */
  async function giveUp(stream: PolledStream, streamArn: string, shardId: string, batch: StreamRecord[]) {
    const info = {
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: stream.description.retryAttempts + 1,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: batch[0]!.dynamodb!.SequenceNumber,
        endSequenceNumber: batch.at(-1)!.dynamodb!.SequenceNumber,
        batchSize: batch.length,
        streamArn,
      },
    };
    options.onError?.(stream.name, new Error(`Gave up on ${batch.length} record(s) of ${shardId}`));
    if (options.sqs && stream.deadLetterQueueUrl) {
      await options.sqs.send(
        new SendMessageCommand({ QueueUrl: stream.deadLetterQueueUrl, MessageBody: JSON.stringify(info) }),
      );
    }
  }

  async function readShard(stream: PolledStream, streamArn: string, shard: Shard) {
    const shardId = shard.ShardId!;
    const key = `${stream.name}/${shardId}`;
    const start = checkpoints[streamArn]?.[shardId];
    const position: { ShardIteratorType: ShardIteratorType; SequenceNumber?: string } = start
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: start }
      : { ShardIteratorType: stream.description.startingPosition };
    let iterator = (
      await options.streamsClient.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...position }),
      )
    ).ShardIterator;
    while (iterator && !abort.signal.aborted) {
      const startedMs = Date.now();
      const page = await options.streamsClient.send(
        new GetRecordsCommand({
          ShardIterator: iterator,
          Limit: Math.min(stream.description.batchSize, 1000),
        }),
      );
      const records = page.Records ?? [];
      iterator = page.NextShardIterator;
      if (records.length === 0) {
        quietSince.set(key, startedMs);
        if (iterator) await sleep(pollIntervalMs, abort.signal);
        continue;
      }
      quietSince.delete(key);
      inFlight++;
      try {
        const wanted = records.filter((record) => passesFilter(record, stream.description.filter));
        if (wanted.length > 0) await deliver(stream, streamArn, shardId, wanted);
        if (!abort.signal.aborted) checkpoint(streamArn, shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
      } finally {
        inFlight--;
      }
    }
    quietSince.set(key, Number.POSITIVE_INFINITY);
  }

  async function follow(stream: PolledStream) {
    const { Table } = await options.dynamodb.send(new DescribeTableCommand({ TableName: stream.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`The table ${stream.tableName} has no stream`);
    const started = new Map<string, Promise<void>>();
    const finished = new Set<string>();
    while (!abort.signal.aborted) {
      const shards: Shard[] = [];
      let after: string | undefined;
      do {
        const { StreamDescription } = await options.streamsClient.send(
          new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: after }),
        );
        shards.push(...(StreamDescription?.Shards ?? []));
        after = StreamDescription?.LastEvaluatedShardId;
      } while (after);
      const known = new Set(shards.map((shard) => shard.ShardId));
      for (const shard of shards) {
        const id = shard.ShardId!;
        if (started.has(id)) continue;
        // A child shard waits for its parent (unless the parent is gone from the stream).
        if (shard.ParentShardId && known.has(shard.ParentShardId) && !finished.has(shard.ParentShardId))
          continue;
        started.set(
          id,
          readShard(stream, streamArn, shard)
            .catch((error) => {
              if (!abort.signal.aborted) options.onError?.(stream.name, error);
              started.delete(id); // read again from its checkpoint on the next round
            })
            .then(() => {
              if (started.has(id)) finished.add(id);
            }),
        );
        quietSince.delete(`${stream.name}/${id}`);
      }
      await sleep(1_000, abort.signal);
    }
    await Promise.allSettled(started.values());
  }

  for (const stream of options.streams) {
    readers.push(
      follow(stream).catch((error) => {
        if (!abort.signal.aborted) options.onError?.(stream.name, error);
      }),
    );
  }

  return {
    async idle(timeoutMs = 60_000) {
      const askedMs = Date.now();
      const deadline = askedMs + timeoutMs;
      let quietChecks = 0;
      while (Date.now() < deadline) {
        const quiet =
          inFlight === 0 && quietSince.size > 0 && [...quietSince.values()].every((since) => since > askedMs);
        if (quiet) {
          if (++quietChecks >= 2) return;
        } else {
          quietChecks = 0;
        }
        await sleep(25);
      }
      throw new Error('The streams were not read to their end in time');
    },
    async stop() {
      abort.abort();
      await Promise.allSettled(readers);
    },
  };
}
