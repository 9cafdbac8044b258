import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../shared/adapters/dynamodb/tableDefinition.js';
import { type QueueDescription, type QueueName, queues } from '../../shared/system.js';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Defaults to the queues of shared/system.ts. */
  readonly queues?: Readonly<Record<string, QueueDescription>>;
}

/**
 * What holds data and outlives deployments: the ledger table and the queues with their
 * dead-letter queues. Retained on stack deletion; redeploying code never touches it.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly queues: Readonly<Record<QueueName, sqs.Queue>>;
  readonly deadLetterQueues: Readonly<Record<QueueName, sqs.Queue>>;

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
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType:
          index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
      })),
    });

    const built: Record<string, sqs.Queue> = {};
    const dlqs: Record<string, sqs.Queue> = {};
    for (const [name, description] of Object.entries(props.queues ?? queues)) {
      const deadLetterQueue = new sqs.Queue(this, `${name}Dlq`, {
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      built[name] = new sqs.Queue(this, `${name}Queue`, {
        visibilityTimeout: Duration.seconds(description.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: description.maxReceiveCount },
      });
      dlqs[name] = deadLetterQueue;
      new cloudwatch.Alarm(this, `${name}DlqAlarm`, {
        alarmName: `jifen-${props.stage}-${name}-dlq-not-empty`,
        alarmDescription: `Messages of the ${name} queue failed ${description.maxReceiveCount} times and wait in its DLQ for a redrive.`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    this.queues = built as Record<QueueName, sqs.Queue>;
    this.deadLetterQueues = dlqs as Record<QueueName, sqs.Queue>;
  }
}
