import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { schedules } from '../../shared/jobs/list.js';
import {
  type QueueDescription,
  type QueueName,
  queues,
  type ScheduleDescription,
  type StreamDescription,
  streams,
} from '../../shared/system.js';
import { tableDefinition } from '../../shared/tableDefinition.js';
import { pascal } from '../names.js';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Defaults to the queues of shared/system.ts. */
  readonly queues?: Readonly<Record<string, QueueDescription>>;
  /** Defaults to the schedules of shared/system.ts; each gets a dead-letter queue here. */
  readonly schedules?: readonly ScheduleDescription[];
  /** Defaults to the stream consumers of shared/system.ts; each gets a dead-letter queue here. */
  readonly streams?: Readonly<Record<string, StreamDescription>>;
  /** An address the alarm topic emails (it must confirm the subscription once). */
  readonly alarmEmail?: string;
  /**
   * Indexes to leave out of this deployment (context `withoutIndexes`): CloudFormation adds one
   * global secondary index per table update, so a table deployed by an older release takes the
   * new ones over several deployments (README, "Upgrading a deployed stage").
   */
  readonly withoutIndexes?: readonly string[];
}

/**
 * What holds data and outlives deployments: the ledger table, the queues with their dead-letter
 * queues, the dead-letter queues of the schedules, and the topic every alarm publishes to (its
 * subscriptions are confirmed by people, so code deploys must not replace it). The table is
 * retained on stack deletion; redeploying code never touches this stack.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly queues: Readonly<Record<QueueName, sqs.Queue>>;
  readonly deadLetterQueues: Readonly<Record<QueueName, sqs.Queue>>;
  /** By schedule name: where EventBridge Scheduler puts an invocation it gave up on. */
  readonly scheduleDeadLetterQueues: Readonly<Record<string, sqs.Queue>>;
  /** Every alarm of the stage publishes here. */
  readonly alarmTopic: sns.Topic;
  /** By stream name: where the event source reports a batch of stream records it gave up on. */
  readonly streamDeadLetterQueues: Readonly<Record<string, sqs.Queue>>;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The change stream the aggregator reads (shared/system.ts `streams`).
      dynamoStream: dynamodb.StreamViewType[tableDefinition.stream],
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes
        .filter((index) => !props.withoutIndexes?.includes(index.indexName))
        .map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          projectionType:
            index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
        })),
    });

    // Not KMS-encrypted: CloudWatch alarms cannot publish to a topic under the AWS managed key.
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Jifen ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarmAction = new SnsAction(this.alarmTopic);

    const deadLetterQueue = (logicalId: string) =>
      new sqs.Queue(this, logicalId, {
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
    const alarmOnMessages = (logicalId: string, queue: sqs.Queue, alarmName: string, description: string) => {
      const alarm = new cloudwatch.Alarm(this, logicalId, {
        alarmName,
        alarmDescription: description,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(alarmAction);
      return alarm;
    };

    const built: Record<string, sqs.Queue> = {};
    const dlqs: Record<string, sqs.Queue> = {};
    for (const [name, description] of Object.entries(props.queues ?? queues)) {
      const dlq = deadLetterQueue(`${name}Dlq`);
      built[name] = new sqs.Queue(this, `${name}Queue`, {
        visibilityTimeout: Duration.seconds(description.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: description.maxReceiveCount },
      });
      dlqs[name] = dlq;
      alarmOnMessages(
        `${name}DlqAlarm`,
        dlq,
        `jifen-${props.stage}-${name}-dlq-not-empty`,
        `Messages of the ${name} queue failed ${description.maxReceiveCount} times and wait in its DLQ for a redrive.`,
      );
    }
    this.queues = built as Record<QueueName, sqs.Queue>;
    this.deadLetterQueues = dlqs as Record<QueueName, sqs.Queue>;

    const scheduleDlqs: Record<string, sqs.Queue> = {};
    for (const schedule of props.schedules ?? schedules) {
      const dlq = deadLetterQueue(`${pascal(schedule.name)}ScheduleDlq`);
      scheduleDlqs[schedule.name] = dlq;
      alarmOnMessages(
        `${pascal(schedule.name)}ScheduleDlqAlarm`,
        dlq,
        `jifen-${props.stage}-schedule-${schedule.name}-dlq-not-empty`,
        `EventBridge Scheduler could not start the ${schedule.name} job after its retries; the failed invocation (its scheduled time in the body) waits in this DLQ. Once the cause is fixed, start the job with POST /v1/admin/jobs/${schedule.name} as of that time.`,
      );
    }
    this.scheduleDeadLetterQueues = scheduleDlqs;

    const streamDlqs: Record<string, sqs.Queue> = {};
    for (const [name, description] of Object.entries(props.streams ?? streams)) {
      const dlq = deadLetterQueue(`${pascal(name)}StreamDlq`);
      streamDlqs[name] = dlq;
      alarmOnMessages(
        `${pascal(name)}StreamDlqAlarm`,
        dlq,
        `jifen-${props.stage}-stream-${name}-dlq-not-empty`,
        `The ${name} stream's consumer gave up on records after ${description.retryAttempts} retries; each message names the shard and sequence numbers. Its counts miss them: read the records back within 24 hours, or rebuild the aggregates from the ledger.`,
      );
    }
    this.streamDeadLetterQueues = streamDlqs;
  }
}
