import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Queue } from '../../ports/Queue.js';
import { requiredEnvironmentValue } from '../../runtimeEnvironment.js';
import { Env, type QueueName } from '../../system.js';
import { sqsClient } from './client.js';

const byUrl = new Map<string, SqsQueue<unknown>>();

/** Sends JSON messages with SendMessageBatch; entries that fail are retried, then reported as an error. */
export class SqsQueue<M> implements Queue<M> {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient = sqsClient(),
  ) {}

  /**
   * The queue `name` as the running function knows it: its URL is looked up on every send, in the
   * function's own environment (`QUEUE_URL_<NAME>`, set only for queues it declares), so a
   * cached dependency holding this queue never lets another function send to it. Sending to an
   * undeclared queue fails in AWS and locally alike: `QUEUE_URL_<NAME> is not set`.
   */
  static named<M>(name: QueueName): Queue<M> {
    return {
      sendAll: (messages) => SqsQueue.at<M>(requiredEnvironmentValue(Env.queueUrl(name))).sendAll(messages),
    };
  }

  /** One sender per queue URL, kept for the life of the process. */
  static at<M>(url: string): SqsQueue<M> {
    let queue = byUrl.get(url);
    if (!queue) {
      queue = new SqsQueue<unknown>(url);
      byUrl.set(url, queue);
    }
    return queue as SqsQueue<M>;
  }

  async sendAll(messages: readonly M[]): Promise<void> {
    const chunks: M[][] = [];
    for (let i = 0; i < messages.length; i += 10) chunks.push(messages.slice(i, i + 10));
    await Promise.all(chunks.map((chunk) => this.sendChunk(chunk)));
  }

  private async sendChunk(chunk: readonly M[]): Promise<void> {
    let entries = chunk.map((message, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(message),
    }));
    for (let attempt = 0; attempt < 4 && entries.length > 0; attempt++) {
      const result = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
      );
      const failed = new Set((result.Failed ?? []).map((failure) => failure.Id));
      entries = entries.filter((entry) => failed.has(entry.Id));
      if (entries.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
    if (entries.length > 0) throw new Error(`SQS refused ${entries.length} message(s) after retries`);
  }
}
