/**
 * Queues for the memory stores (shared/wiring/memory.ts): a message sent to a delivered queue
 * goes to its real consumer (harness.ts deliver()) on a later turn of the event loop, again with a
 * higher receive count while the consumer reports it failed, up to the queue's maxReceiveCount
 * (then it counts as dead-lettered). Other queues only count what was sent, as an SQS queue
 * nobody polls would hold it.
 */
import type { Queue } from '../../shared/ports/Queue.js';
import { type QueueName, queues } from '../../shared/system.js';
import { deliver } from '../functions/harness.js';

export function memoryQueues(delivered: readonly QueueName[]) {
  const inFlight = new Set<Promise<void>>();
  const sent: Partial<Record<QueueName, number>> = {};
  const deadLettered: { queue: QueueName; body: unknown }[] = [];
  const errors: unknown[] = [];

  const track = (delivery: Promise<void>) => {
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

  async function deliverOne(queue: QueueName, body: unknown, receiveCount: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const answer = await deliver(queue, [body], receiveCount);
      if (answer.batchItemFailures.length === 0) return;
      if (receiveCount < queues[queue].maxReceiveCount) track(deliverOne(queue, body, receiveCount + 1));
      else deadLettered.push({ queue, body });
    } catch (error) {
      errors.push(error);
    }
  }

  return {
    queue<M>(name: QueueName): Queue<M> {
      return {
        async sendAll(messages) {
          sent[name] = (sent[name] ?? 0) + messages.length;
          if (!delivered.includes(name)) return;
          // Serialised as SQS carries them: the consumer gets its own copy.
          for (const message of messages) track(deliverOne(name, JSON.parse(JSON.stringify(message)), 1));
        },
      };
    },
    /** Resolves when no delivery is in flight (the consumers' own sends included). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      if (errors.length > 0) throw errors.shift();
    },
    sent,
    deadLettered,
  };
}
