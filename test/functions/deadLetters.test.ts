/**
 * Dead letters and the way back: a purchase whose accrual message kept failing waits in the DLQ;
 * once the cause is gone, the operator redrives the queue over the API and the purchase is credited
 * once. Real handlers, the SQS emulator's message move tasks and DynamoDB Local.
 */
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { Scope } from '../../shared/core/scopes.js';
import { redriveDeadLetters } from '../../shared/features/operator/deadLetters.js';
import type { DeadLetters } from '../../shared/ports/DeadLetters.js';
import { queues } from '../../shared/system.js';
import { emulators, queueUrls } from '../support/useEmulators.js';
import { acceptedPurchase, admin, call, partnerKey, pollQueues } from './harness.js';

const sqs = new SQSClient({
  endpoint: emulators.sqs,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});

afterAll(() => sqs.destroy());

interface QueueState {
  queue: string;
  waiting: number;
  lastRedrive: { status: string; moved: number } | null;
}

async function accrualState() {
  const listed = await call<{ items: QueueState[] }>('GET', '/v1/admin/queues', { key: await admin() });
  expect(listed.status).toBe(200);
  expect(listed.body.items.map((item) => item.queue)).toEqual(Object.keys(queues));
  return listed.body.items.find((item) => item.queue === 'accrual')!;
}

/** What SQS does after `maxReceiveCount` failed receives, without waiting for them. */
async function deadLetterTheNextAccrualMessage() {
  const { url, dlqUrl } = queueUrls.accrual!;
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 2, MaxNumberOfMessages: 1 }),
  );
  const [message] = Messages;
  if (!message) throw new Error('No accrual message');
  await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: message.Body! }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
}

describe('dead-letter queues', () => {
  it('moves dead letters back to their queue, where the consumer credits them once', async () => {
    const { till, memberId, purchase } = await acceptedPurchase();
    await deadLetterTheNextAccrualMessage();
    expect((await accrualState()).waiting).toBe(1);

    const key = await admin();
    const redriven = await call('POST', '/v1/admin/queues/accrual/redrive', { key });
    expect(redriven).toMatchObject({ status: 202, body: { queue: 'accrual', messages: 1 } });

    const pollers = pollQueues(['accrual']);
    try {
      let status = 'accepted';
      for (const deadline = Date.now() + 20_000; status === 'accepted' && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const read = await call<{ status: string }>('GET', `/v1/purchases/${purchase.purchaseId}`, {
          key: till.key,
        });
        status = read.body.status;
      }
      expect(status).toBe('credited');
    } finally {
      await pollers.stop();
    }
    const member = await call<{ points: { pending: number } }>('GET', `/v1/members/${memberId}`, {
      key: till.key,
    });
    expect(member.body.points.pending).toBe(100);
    // The move task reports its end on its own schedule, shortly after the message moved.
    let state = await accrualState();
    for (
      const deadline = Date.now() + 10_000;
      state.lastRedrive?.status === 'RUNNING' && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await accrualState();
    }
    expect(state).toMatchObject({ waiting: 0, lastRedrive: { status: 'COMPLETED', moved: 1 } });
  }, 40_000);

  it('answers 202 with nothing to move, 404 for an unknown queue and 403 without the admin scope', async () => {
    const key = await admin();
    const empty = await call('POST', '/v1/admin/queues/emails/redrive', { key });
    expect(empty).toMatchObject({ status: 202, body: { queue: 'emails', messages: 0 } });
    const unknown = await call('POST', '/v1/admin/queues/nope/redrive', { key });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const till = await partnerKey([Scope.pointsEarn]);
    expect((await call('POST', '/v1/admin/queues/accrual/redrive', { key: till.key })).status).toBe(403);
    expect((await call('GET', '/v1/admin/queues', { key: till.key })).status).toBe(403);
  });

  it('refuses a second redrive of a queue while one is moving its messages', async () => {
    let started = 0;
    const deadLetters: DeadLetters = {
      state: async (queue) => ({
        queue,
        waiting: 3,
        lastRedrive: started
          ? {
              status: 'RUNNING',
              moved: 1,
              toMove: 3,
              startedAt: '2026-11-23T10:00:00.000Z',
              failureReason: null,
            }
          : null,
      }),
      redrive: async () => {
        started++;
      },
    };
    const audited: unknown[] = [];
    const deps = {
      deadLetters,
      audit: {
        append: async (entry: unknown) => void audited.push(entry),
        list: async () => ({ items: [], next: undefined }),
      },
      clock: { nowMs: () => Date.parse('2026-11-23T10:00:00Z') },
    };
    const actor = { partnerId: 'operator', keyId: 'admin_1' };
    expect(await redriveDeadLetters(deps, actor, 'accrual')).toEqual({ queue: 'accrual', messages: 3 });
    await expect(redriveDeadLetters(deps, actor, 'accrual')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(started).toBe(1);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'queue.redriven',
        target: 'queue:accrual',
        actor,
        detail: { messages: 3 },
      }),
    ]);
  });
});
