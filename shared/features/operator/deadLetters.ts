import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Conflict, ErrorCode, NotFound } from '../../core/errors.js';
import { type QueueName, queueNames } from '../../core/manifest.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import type { AuditLog } from '../../ports/AuditLog.js';
import type { DeadLetters } from '../../ports/DeadLetters.js';

const isQueueName = (name: string): name is QueueName => (queueNames as readonly string[]).includes(name);

/** Every queue's dead letters and its last redrive, for the operator. */
export async function listDeadLetters(deps: { deadLetters: DeadLetters }) {
  const names = [...queueNames];
  return { items: await Promise.all(names.map((name) => deps.deadLetters.state(name))) };
}

/**
 * Moves a queue's dead letters back to it. One redrive per queue at a time; a message that fails
 * again simply returns to the DLQ after `maxReceiveCount` more receives.
 */
export async function redriveDeadLetters(
  deps: { deadLetters: DeadLetters; audit: AuditLog; clock: Clock },
  actor: Actor,
  queue: string,
) {
  if (!isQueueName(queue)) throw new NotFound(`Queue "${queue}"`);
  const state = await deps.deadLetters.state(queue);
  if (state.lastRedrive?.status === 'RUNNING') {
    throw new Conflict(ErrorCode.invalidState, `A redrive of the ${queue} queue is already running.`);
  }
  if (state.waiting > 0) {
    await deps.deadLetters.redrive(queue);
    // Not a table write: the entry follows the move task's start.
    await deps.audit.append(
      auditEntry(actor, AuditAction.queueRedriven, `queue:${queue}`, deps.clock.nowMs(), {
        messages: state.waiting,
      }),
    );
  }
  return { queue, messages: state.waiting };
}
