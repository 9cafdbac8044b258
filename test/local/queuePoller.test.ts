import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoker } from '../../local/lambda.js';
import { provisionQueues } from '../../local/provision.js';
import { type QueuePollers, startQueuePollers } from '../../local/queuePoller.js';
import { type QueueDescription, queues } from '../../shared/system.js';
import { acceptedPurchase, call, uniqueId } from '../functions/harness.js';
import { emulators } from '../support/useEmulators.js';

const sqs = new SQSClient({
  endpoint: emulators.sqs,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
/** The real accrual consumer on a queue that gives up quickly, so the test sees the dead-lettering. */
const fastAccrual: QueueDescription = { ...queues.accrual, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 };

let urls: { url: string; dlqUrl: string };
let pollers: QueuePollers;

beforeAll(async () => {
  const name = uniqueId('accrual-test');
  urls = (await provisionQueues(sqs, { [name]: fastAccrual }))[name]!;
  pollers = startQueuePollers({
    sqs,
    queues: [{ name, url: urls.url, description: fastAccrual }],
    invoke: createInvoker(),
  });
});

afterAll(async () => {
  await pollers.stop();
  sqs.destroy();
});

describe('the local SQS event source', () => {
  it('credits good messages, retries the failed one after the visibility timeout, then dead-letters it', async () => {
    const { till, purchase } = await acceptedPurchase();
    const poison = { partnerId: till.partnerId, purchaseId: 'no-such-purchase' };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: urls.url,
        Entries: [
          {
            Id: 'good',
            MessageBody: JSON.stringify({ partnerId: till.partnerId, purchaseId: purchase.purchaseId }),
          },
          { Id: 'poison', MessageBody: JSON.stringify(poison) },
        ],
      }),
    );

    let dead: string[] = [];
    const deadline = Date.now() + 20_000;
    while (dead.length === 0 && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: urls.dlqUrl, WaitTimeSeconds: 1, AttributeNames: ['All'] }),
      );
      dead = Messages.map((message) => message.Body ?? '');
    }
    expect(dead).toEqual([JSON.stringify(poison)]);
    const credited = await call('GET', `/v1/purchases/${purchase.purchaseId}`, { key: till.key });
    expect(credited.body).toMatchObject({ status: 'credited', points: 100 });
  }, 30_000);
});
