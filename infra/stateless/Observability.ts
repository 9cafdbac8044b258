/**
 * What on-call engineers watch: CloudWatch alarms (each publishing to the stage's alarm topic)
 * and one dashboard with the business figures the functions publish as embedded metrics
 * (shared/observability.ts) beside the operational ones.
 *
 * Alarms: the API's 5xx rate; errors and throttles of every function; the age of the oldest
 * message of every queue; DynamoDB throttling of the table; the iterator age of every stream
 * consumer (how far the aggregates are behind the ledger). The dead-letter queues' alarms live
 * with the queues in the stateful stack.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BusinessMetric, serviceName } from '../../shared/core/metricNames.js';
import type { QueueDescription } from '../../shared/system.js';
import { pascal } from '../names.js';

export interface ObservabilityProps {
  readonly stage: string;
  readonly api: HttpApi;
  /** Every Lambda function of the stack, by name. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly queues: Readonly<
    Record<string, { readonly queue: sqs.IQueue; readonly description: QueueDescription }>
  >;
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The consumers of the table's change stream, by stream name. */
  readonly streamConsumers: Readonly<Record<string, lambda.IFunction>>;
  readonly table: dynamodb.ITableV2;
  /** The business metrics' namespace (POWERTOOLS_METRICS_NAMESPACE of every function). */
  readonly metricsNamespace: string;
  /** Where every alarm publishes (the stateful stack's topic); without it the alarms only show. */
  readonly alarmTopic?: sns.ITopic;
}

/** Above this share of 5xx answers (in %, over 5 minutes with at least 20 requests) the API alarms. */
export const api5xxPercent = 5;
/** A stream consumer this far behind (ms) alarms: the reports are stale. */
export const iteratorAgeAlarmMs = 5 * 60_000;

/** The oldest message a queue may hold before it alarms: its consumer is stuck or too slow. */
export const oldestMessageAlarmSeconds = (queue: QueueDescription) =>
  Math.max(300, queue.visibilityTimeoutSeconds * 3);

export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const action = props.alarmTopic ? new SnsAction(props.alarmTopic) : undefined;
    const alarm = (logicalId: string, name: string, options: Omit<cloudwatch.AlarmProps, 'alarmName'>) => {
      const created = new cloudwatch.Alarm(this, logicalId, {
        alarmName: `jifen-${props.stage}-${name}`,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      if (action) created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    const oneMinute = Duration.minutes(1);

    // The API: the share of requests answered 5xx.
    const requests = props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: fiveMinutes,
      label: '5xx (% of requests)',
    });
    alarm('Api5xxRate', 'api-5xx-rate', {
      alarmDescription: `More than ${api5xxPercent}% of the API's answers were 5xx over 5 minutes (at least 20 requests).`,
      metric: errorRate,
      threshold: api5xxPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    // Every function: errors (a crash or a timeout; handled errors are answers) and throttles.
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${pascal(name)}Errors`, `${name}-errors`, {
        alarmDescription: `The ${name} function failed (an error or a timeout) in the last 5 minutes; see its log group.`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
      alarm(`${pascal(name)}Throttles`, `${name}-throttles`, {
        alarmDescription: `Invocations of the ${name} function were throttled (account or reserved concurrency).`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    // Every queue: its oldest message, for five minutes in a row.
    for (const [name, { queue, description }] of Object.entries(props.queues)) {
      const seconds = oldestMessageAlarmSeconds(description);
      alarm(`${pascal(name)}OldestMessage`, `${name}-oldest-message`, {
        alarmDescription: `A message of the ${name} queue has waited over ${seconds} s: its consumer is failing, throttled or too slow.`,
        metric: queue.metricApproximateAgeOfOldestMessage({ period: oneMinute, statistic: 'Maximum' }),
        threshold: seconds,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
      });
    }

    // The table: requests DynamoDB throttled (reads and writes, table and indexes).
    const tableMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        period: fiveMinutes,
        statistic: 'Sum',
      });
    const throttles = new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: { reads: tableMetric('ReadThrottleEvents'), writes: tableMetric('WriteThrottleEvents') },
      period: fiveMinutes,
      label: 'Throttled reads and writes',
    });
    alarm('TableThrottles', 'dynamodb-throttles', {
      alarmDescription:
        'DynamoDB throttled requests to the table: on-demand capacity is scaling up, or one partition is hot.',
      metric: throttles,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    // The stream's consumers: how far behind the ledger the aggregates are.
    const iteratorAges = Object.entries(props.streamConsumers).map(([name, fn]) => {
      const age = fn.metric('IteratorAge', { period: oneMinute, statistic: 'Maximum' });
      alarm(`${pascal(name)}IteratorAge`, `${name}-stream-iterator-age`, {
        alarmDescription: `The ${name} stream's consumer is over ${iteratorAgeAlarmMs / 60_000} minutes behind: reports are stale, and records older than 24 h are lost to it.`,
        metric: age,
        threshold: iteratorAgeAlarmMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
      });
      return age;
    });

    // The dashboard: business figures first, then what keeps them flowing.
    const business = (metricName: string, label = metricName) =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: serviceName },
        statistic: 'Sum',
        period: fiveMinutes,
        label,
      });
    const perJob = (metricName: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${props.metricsNamespace},job,service} MetricName="${metricName}"', 'Sum', 300)`,
        label: metricName,
        period: fiveMinutes,
      });
    const functions = Object.entries(props.functions);
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `jifen-${props.stage}`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Jifen ${props.stage}\nBusiness figures (embedded metrics, namespace \`${props.metricsNamespace}\`), then the API, the functions, the queues, the table and the stream.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Purchases', [
        business(BusinessMetric.accruals, 'Credited (from the ledger)'),
        business(BusinessMetric.purchasesRejected, 'Rejected'),
        business(BusinessMetric.newMembers, 'New members'),
      ]),
      graph('Points', [
        business(BusinessMetric.pointsIssued, 'Issued'),
        business(BusinessMetric.pointsRedeemed, 'Redeemed'),
        business(BusinessMetric.pointsExpired, 'Expired'),
      ]),
      graph('Redemptions, emails, aggregated facts', [
        business(BusinessMetric.redemptions, 'Redemptions'),
        business(BusinessMetric.emailsSent, 'Emails sent'),
        business(BusinessMetric.factsAggregated, 'Ledger facts aggregated'),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Job progress (members processed, by job)', [perJob(BusinessMetric.jobItemsProcessed)], 12),
      graph('Job failures (by job)', [perJob(BusinessMetric.jobItemsFailed)], 12),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [
        requests,
        props.api.metricClientError({ period: fiveMinutes, statistic: 'Sum' }),
        serverErrors,
      ]),
      graph('API latency', [
        props.api.metricLatency({ period: fiveMinutes, statistic: 'p50' }),
        props.api.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      ]),
      graph('5xx rate (%)', [errorRate]),
    );
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        functions.map(([name, fn]) =>
          fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        12,
      ),
      graph(
        'Function throttles',
        functions.map(([name, fn]) =>
          fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        12,
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Oldest message by queue (s)',
        Object.entries(props.queues).map(([name, { queue }]) =>
          queue.metricApproximateAgeOfOldestMessage({ period: oneMinute, statistic: 'Maximum', label: name }),
        ),
      ),
      graph(
        'Dead letters waiting',
        Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: oneMinute,
            statistic: 'Maximum',
            label: name,
          }),
        ),
      ),
      graph('Stream consumer iterator age (ms)', iteratorAges),
    );
    this.dashboard.addWidgets(
      graph(
        'DynamoDB consumed capacity',
        [tableMetric('ConsumedReadCapacityUnits'), tableMetric('ConsumedWriteCapacityUnits')],
        12,
      ),
      graph('DynamoDB throttles', [throttles], 12),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
  }
}
