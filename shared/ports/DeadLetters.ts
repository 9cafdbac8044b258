import type { QueueName } from '../system.js';

/** A dead-letter queue as an operator sees it: what waits there, and the last move back. */
export interface DeadLetterState {
  readonly queue: QueueName;
  /** Messages waiting in the DLQ (approximate, as SQS counts them). */
  readonly waiting: number;
  readonly lastRedrive: {
    readonly status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';
    readonly moved: number;
    readonly toMove: number;
    readonly startedAt: string;
    readonly failureReason: string | null;
  } | null;
}

/** The messages that failed `maxReceiveCount` times, per queue, and the way back. */
export interface DeadLetters {
  state(queue: QueueName): Promise<DeadLetterState>;
  /**
   * Starts moving every waiting message back to its queue (an SQS message move task); its
   * consumer takes it up again. Safe: every consumer is idempotent.
   */
  redrive(queue: QueueName): Promise<void>;
}
