import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '../../ports/Mailer.js';

/**
 * SES v1 SendRawEmail (raw MIME carries the List-Unsubscribe headers). The SDK's adaptive retry
 * mode slows down on throttling and retries transient errors with backoff, within the
 * account's send rate; what still fails is thrown for the queue to retry.
 */
export class SesMailer implements Mailer {
  constructor(private readonly client = new SESClient({ retryMode: 'adaptive', maxAttempts: 6 })) {}

  async sendRaw(message: { from: string; to: string; raw: string }) {
    await this.client.send(
      new SendRawEmailCommand({
        Source: message.from,
        Destinations: [message.to],
        RawMessage: { Data: Buffer.from(message.raw, 'utf8') },
      }),
    );
  }
}
