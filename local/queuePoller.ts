/**
 * The local stand-in for Lambda's SQS event source: long-polls each queue, hands the batch to the
 * consumer as a real SQSEvent, deletes what succeeded and leaves the `batchItemFailures` (or the
 * whole batch, if the handler throws) to reappear after the visibility timeout; the queue's
 * redrive policy dead-letters them after `maxReceiveCount` receives.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueDescription } from '../shared/system.js';
import type { Invoker } from './lambda.js';

export interface PolledQueue {
  readonly name: string;
  readonly url: string;
  readonly description: QueueDescription;
}

export interface QueuePollers {
  /** Resolves once every queue is empty (nothing visible or in flight) and no batch is running. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function toRecord(message: Message, arn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: value.StringListValues ?? [],
      binaryListValues: [],
      dataType: value.DataType ?? 'String',
    };
  }
  const body = message.Body ?? '';
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: 'us-east-1',
  };
}

export function startQueuePollers(options: {
  sqs: SQSClient;
  queues: readonly PolledQueue[];
  invoke: Invoker;
  onError?: (queue: string, error: unknown) => void;
  waitTimeSeconds?: number;
}): QueuePollers {
  let running = true;
  let inFlight = 0;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per poller

  const arnOf = async (queue: PolledQueue) => {
    const { Attributes } = await options.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['QueueArn'] }),
    );
    return Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:000000000000:${queue.name}`;
  };

  const arns = new Map<string, Promise<string>>();
  const poll = async (queue: PolledQueue) => {
    if (!arns.has(queue.url)) arns.set(queue.url, arnOf(queue));
    const arn = await arns.get(queue.url)!;
    while (running) {
      try {
        const { Messages = [] } = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(queue.description.batchSize, 10),
            WaitTimeSeconds: options.waitTimeSeconds ?? 1,
            VisibilityTimeout: queue.description.visibilityTimeoutSeconds,
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        if (Messages.length === 0) continue;
        inFlight++;
        try {
          const event: SQSEvent = { Records: Messages.map((message) => toRecord(message, arn)) };
          let failed = new Set<string>(event.Records.map((record) => record.messageId));
          try {
            const response = (await options.invoke(queue.description.consumer, event)) as
              | SQSBatchResponse
              | undefined;
            failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
          } catch (error) {
            options.onError?.(queue.name, error);
          }
          const done = Messages.filter((message) => !failed.has(message.MessageId ?? ''));
          if (done.length > 0) {
            await options.sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: queue.url,
                Entries: done.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
              }),
            );
          }
        } finally {
          inFlight--;
        }
      } catch (error) {
        if (!running) return;
        options.onError?.(queue.name, error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  // As many pollers per queue as the event source may run batches at once.
  const loops = options.queues.flatMap((queue) =>
    Array.from({ length: Math.max(1, queue.description.maxConcurrency) }, () => poll(queue)),
  );

  const queueDepth = async () => {
    let total = 0;
    for (const queue of options.queues) {
      const { Attributes = {} } = await options.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      total +=
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    }
    return total;
  };

  return {
    async idle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let quietChecks = 0;
      while (Date.now() < deadline) {
        if (inFlight === 0 && (await queueDepth()) === 0) {
          if (++quietChecks >= 2) return;
        } else {
          quietChecks = 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('The queues did not drain in time');
    },
    /**
     * Stops polling gracefully: a receive under way is let finish (at most its wait time) and its
     * messages are handled. Aborting it instead would leave the emulator handing new messages to a
     * request no one reads any more, invisible for a whole visibility timeout. Receives still open
     * after 10 s are aborted.
     */
    async stop() {
      running = false;
      const hard = setTimeout(() => abort.abort(), 10_000);
      await Promise.allSettled(loops);
      clearTimeout(hard);
    },
  };
}
