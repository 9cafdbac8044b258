import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { DeadLetterState, DeadLetters } from '../../ports/DeadLetters.js';
import { environmentValue } from '../../runtimeEnvironment.js';
import { Env, type QueueName } from '../../system.js';
import { sqsClient } from './client.js';

/**
 * Dead-letter queues through SQS message move tasks (the API behind the console's "Start DLQ
 * redrive"): SQS itself moves the messages back, at its own pace, with no Lambda loop to time out.
 */
export class SqsDeadLetters implements DeadLetters {
  private readonly arns = new Map<string, string>();

  constructor(private readonly client: SQSClient = sqsClient()) {}

  async state(queue: QueueName): Promise<DeadLetterState> {
    const { dlqUrl, dlqArn } = await this.queuesOf(queue);
    const [waiting, { Results = [] }] = await Promise.all([
      this.waiting(dlqUrl),
      this.client.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 })),
    ]);
    const last = Results[0];
    return {
      queue,
      waiting,
      lastRedrive: last
        ? {
            status: (last.Status ?? 'FAILED') as NonNullable<DeadLetterState['lastRedrive']>['status'],
            moved: Number(last.ApproximateNumberOfMessagesMoved ?? 0),
            toMove: Number(last.ApproximateNumberOfMessagesToMove ?? 0),
            startedAt: new Date(Number(last.StartedTimestamp ?? 0)).toISOString(),
            failureReason: last.FailureReason ?? null,
          }
        : null,
    };
  }

  async redrive(queue: QueueName): Promise<void> {
    const { dlqArn, queueArn } = await this.queuesOf(queue);
    await this.client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: queueArn }));
  }

  private async waiting(url: string): Promise<number> {
    const { Attributes } = await this.client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  private async queuesOf(queue: QueueName) {
    // Read per call from the running function's environment (see SqsQueue.named).
    const url = environmentValue(Env.queueUrl(queue));
    const dlqUrl = environmentValue(Env.deadLetterQueueUrl(queue));
    if (!url || !dlqUrl) {
      throw new Error(`${Env.queueUrl(queue)} and ${Env.deadLetterQueueUrl(queue)} must be set`);
    }
    return { dlqUrl, dlqArn: await this.arnOf(dlqUrl), queueArn: await this.arnOf(url) };
  }

  private async arnOf(url: string): Promise<string> {
    let arn = this.arns.get(url);
    if (!arn) {
      const { Attributes } = await this.client.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      arn = Attributes?.QueueArn;
      if (!arn) throw new Error(`No ARN for ${url}`);
      this.arns.set(url, arn);
    }
    return arn;
  }
}
