/**
 * The change stream, the aggregator and what on-call engineers watch, on the synthesized
 * templates: the table's stream, the aggregator's event source with its DLQ, the alarms (each
 * publishing to the stage's alarm topic) and the dashboard.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';
import { iteratorAgeAlarmMs, oldestMessageAlarmSeconds } from '../../infra/stateless/Observability.js';
import { BusinessMetric } from '../../shared/core/metricNames.js';
import { queues, streams } from '../../shared/system.js';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const { stateful: statefulStack, stateless: statelessStack } = buildApp(
    new App({ context: { stage: 'test', emailSender: 'no-reply@shop.example' } }),
  );
  stateful = Template.fromStack(statefulStack);
  stateless = Template.fromStack(statelessStack);
}, 300_000);

type Resource = { Properties: Record<string, unknown> };
const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];
const alarms = () => resources(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
const alarmNamed = (name: string) => {
  const found = alarms().filter((alarm) => alarm.AlarmName === `jifen-test-${name}`);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const topicId = () => {
  const [[id]] = resources(stateful, 'AWS::SNS::Topic') as [[string, Resource]];
  return id;
};

describe('the change stream', () => {
  it('is on, with new and old images', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('has a dead-letter queue per consumer, alarmed', () => {
    for (const name of Object.keys(streams)) {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `jifen-test-stream-${name}-dlq-not-empty`,
        Threshold: 0,
        AlarmActions: [{ Ref: topicId() }],
      });
    }
  });

  it('feeds the aggregator: batches, partial failures, bisecting, retries, its DLQ, filtered to entries and accounts', () => {
    const aggregator = resources(stateless, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.Description === streams.ledger.consumer.description,
    );
    expect(aggregator).toBeDefined();
    const [aggregatorId, aggregatorFn] = aggregator!;
    expect(aggregatorFn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    const mappings = resources(stateless, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
      JSON.stringify(mapping.Properties.FunctionName).includes(aggregatorId),
    );
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({
      BatchSize: streams.ledger.batchSize,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: streams.ledger.retryAttempts,
      BisectBatchOnFunctionError: true,
      MaximumRecordAgeInSeconds: streams.ledger.maxRecordAgeSeconds,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(JSON.stringify(mapping.EventSourceArn)).toMatch(/StreamArn/);
    expect(JSON.stringify(mapping.DestinationConfig)).toMatch(/LedgerStreamDlq/);
    const patterns = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((filter) =>
      JSON.parse(filter.Pattern),
    );
    expect(patterns).toEqual([
      { dynamodb: { Keys: { sk: { S: ['ACCOUNT'] } } } },
      { dynamodb: { Keys: { sk: { S: [{ prefix: 'TX#' }] } } } },
      { dynamodb: { Keys: { sk: { S: [{ prefix: 'CF#' }] } } } },
    ]);
    // It may read the stream (the event source) and write the counters, never delete.
    const roleId = (aggregatorFn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resources(stateless, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
      .flatMap(
        ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement,
      )
      .flatMap((statement) => [statement.Action].flat() as string[]);
    expect(statements).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
    );
    expect(statements).not.toContain('dynamodb:DeleteItem');
  });
});

describe('metrics and tracing', () => {
  it('gives every function the metrics namespace of its stage and active X-Ray tracing', () => {
    const lambdas = resources(stateless, 'AWS::Lambda::Function').filter(
      ([, fn]) =>
        (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
    );
    expect(lambdas.length).toBeGreaterThan(20);
    for (const [, fn] of lambdas) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { POWERTOOLS_METRICS_NAMESPACE: 'Jifen/test', POWERTOOLS_SERVICE_NAME: 'jifen' },
      });
    }
  });
});

describe('alarms', () => {
  it('publish to the stage’s alarm topic, every one of them', () => {
    const all = alarms();
    expect(all.length).toBeGreaterThan(40);
    for (const alarm of all) {
      expect(JSON.stringify(alarm.AlarmActions)).toContain('AlarmTopic');
    }
  });

  it('watch the API’s 5xx rate', () => {
    const alarm = alarmNamed('api-5xx-rate');
    expect(JSON.stringify(alarm.Metrics)).toContain('IF(requests >= 20, 100 * errors / requests, 0)');
    expect(JSON.stringify(alarm.Metrics)).toContain('"MetricName":"5xx"');
    expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('watch errors and throttles of every function', () => {
    const lambdas = resources(stateless, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Handler === 'index.handler',
    );
    const errorAlarms = alarms().filter((alarm) => String(alarm.AlarmName).endsWith('-errors'));
    const throttleAlarms = alarms().filter((alarm) => alarm.MetricName === 'Throttles');
    expect(errorAlarms).toHaveLength(lambdas.length);
    expect(throttleAlarms).toHaveLength(lambdas.length);
    for (const alarm of errorAlarms)
      expect(alarm).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    for (const alarm of throttleAlarms) expect(alarm).toMatchObject({ MetricName: 'Throttles' });
    alarmNamed('ledgerStreamConsumer-errors');
    alarmNamed('reports-errors');
  });

  it('watch the oldest message of every queue', () => {
    for (const [name, description] of Object.entries(queues)) {
      expect(alarmNamed(`${name}-oldest-message`)).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Statistic: 'Maximum',
        Threshold: oldestMessageAlarmSeconds(description),
      });
    }
  });

  it('watch DynamoDB throttling and the aggregator’s iterator age', () => {
    const throttles = alarmNamed('dynamodb-throttles');
    expect(JSON.stringify(throttles.Metrics)).toMatch(/ReadThrottleEvents.*WriteThrottleEvents/);
    expect(alarmNamed('ledger-stream-iterator-age')).toMatchObject({
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: iteratorAgeAlarmMs,
    });
  });
});

describe('the dashboard', () => {
  it('shows the business figures beside the operational ones', () => {
    const dashboards = resources(stateless, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const [, dashboard] = dashboards[0]!;
    expect(dashboard.Properties.DashboardName).toBe('jifen-test');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of [
      BusinessMetric.accruals,
      BusinessMetric.pointsIssued,
      BusinessMetric.pointsRedeemed,
      BusinessMetric.redemptions,
      BusinessMetric.purchasesRejected,
      BusinessMetric.emailsSent,
      BusinessMetric.jobItemsProcessed,
    ]) {
      expect(body, metric).toContain(metric);
    }
    for (const operational of [
      '5xx',
      'Errors',
      'Throttles',
      'ApproximateAgeOfOldestMessage',
      'IteratorAge',
      'WriteThrottleEvents',
    ]) {
      expect(body, operational).toContain(operational);
    }
    expect(body).toContain('Jifen/test');
  });
});
