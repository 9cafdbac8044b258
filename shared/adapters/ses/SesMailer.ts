import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { tracer } from '../../core/observability.js';
import type { Mailer } from '../../ports/Mailer.js';
import { environmentValue } from '../../runtimeEnvironment.js';
import { defaultEmailSendRate, Env, queues } from '../../system.js';
import { SendPacer } from './SendPacer.js';

/**
 * The share of the account's send rate one sender may use: the emails queue runs at most
 * `maxConcurrency` senders at once, and each paces itself to its share.
 */
export function senderShareOfSendRate(
  accountRate = Number(environmentValue(Env.emailSendRate) ?? defaultEmailSendRate),
) {
  const rate = Number.isFinite(accountRate) && accountRate > 0 ? accountRate : defaultEmailSendRate;
  return rate / queues.emails.maxConcurrency;
}

/**
 * SES v1 SendRawEmail (raw MIME carries the List-Unsubscribe headers), paced to this sender's
 * share of the account's send rate. The SDK's adaptive retry mode slows down further on
 * throttling and retries transient errors with backoff; what still fails is thrown for the queue
 * to retry, and dead-lettered after its receive limit.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: Pick<SESClient, 'send'> = tracer.captureAWSv3Client(
      new SESClient({ retryMode: 'adaptive', maxAttempts: 6 }),
    ),
    private readonly pacer = new SendPacer(senderShareOfSendRate()),
  ) {}

  async sendRaw(message: { from: string; to: string; raw: string }) {
    await this.pacer.acquire();
    await this.client.send(
      new SendRawEmailCommand({
        Source: message.from,
        Destinations: [message.to],
        RawMessage: { Data: Buffer.from(message.raw, 'utf8') },
      }),
    );
  }
}
