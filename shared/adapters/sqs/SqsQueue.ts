import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Queue } from '../../ports/Queue.js';
import { Env, type QueueName } from '../../system.js';
import { sqsClient } from './client.js';

/** Sends JSON messages with SendMessageBatch; entries that fail are retried, then reported as an error. */
export class SqsQueue<M> implements Queue<M> {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient = sqsClient(),
  ) {}

  static named<M>(name: QueueName): SqsQueue<M> {
    const url = process.env[Env.queueUrl(name)];
    if (!url) throw new Error(`${Env.queueUrl(name)} is not set`);
    return new SqsQueue<M>(url);
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
