import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';
import { addNagChecks, nagFindingPattern } from '../../infra/nagChecks.js';
import { pascal } from '../../infra/names.js';
import { tableActions } from '../../infra/stateless/tableActions.js';
import { schedules } from '../../shared/jobs/list.js';
import { functionEnvironment } from '../../shared/runtimeEnvironment.js';
import {
  defaultScheduleRetry,
  Env,
  type FunctionDescription,
  functions,
  httpAuthorizer,
  queues,
  routes,
  streams,
} from '../../shared/system.js';
import { tableDefinition } from '../../shared/tableDefinition.js';

let stateful: Template;
let stateless: Template;
const streamConsumers = new Set<FunctionDescription>(Object.values(streams).map((stream) => stream.consumer));
const streamReadActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

/** What cdk-nag reported at synth and nothing suppressed: `stack level: message`. */
let nagFindings: string[] = [];

beforeAll(() => {
  const built = buildApp(
    new App({
      context: { stage: 'test', emailSender: 'no-reply@shop.example', alarmEmail: 'ops@shop.example' },
    }),
  );
  // The checks run as Aspects during this one synth; they only add metadata, so the templates are the deployed ones.
  addNagChecks(built);
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
  // The same (cached) assembly: every stack's messages, the console files' stack among them.
  nagFindings = built.app
    .synth()
    .stacks.flatMap((stack) =>
      stack.messages
        .filter((message) => message.level !== 'info' && nagFindingPattern.test(String(message.entry.data)))
        .map((message) => `${message.id} ${message.level}: ${String(message.entry.data)}`),
    );
}, 180_000);

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const lambdas = () => Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];
const policiesOf = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { PolicyDocument: { Statement: Statement[] }; Roles: unknown[] };
  }[];

/** Every Lambda of the description, by the logical id prefix the stack gives it. */
const described: [string, FunctionDescription][] = [
  ...Object.entries(functions).map(
    ([name, fn]) => [`${pascal(name)}Function`, fn] as [string, FunctionDescription],
  ),
  ['AuthorizerFunction', httpAuthorizer],
  ...Object.entries(queues).map(
    ([name, queue]) => [`${pascal(name)}Consumer`, queue.consumer] as [string, FunctionDescription],
  ),
  ...schedules.map(
    (schedule) => [`${pascal(schedule.name)}Job`, schedule.job] as [string, FunctionDescription],
  ),
  ...Object.entries(streams).map(
    ([name, stream]) => [`${pascal(name)}StreamConsumer`, stream.consumer] as [string, FunctionDescription],
  ),
];

function lambdaOf(prefix: string): Resource {
  const found = Object.entries(stateless.findResources('AWS::Lambda::Function')).filter(([id]) =>
    new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id),
  );
  expect(found, prefix).toHaveLength(1);
  return found[0]![1] as Resource;
}

/** The actions granted to one function's role. */
function actionsOf(prefix: string): string[] {
  const roleIds = Object.keys(stateless.findResources('AWS::IAM::Role')).filter((id) =>
    new RegExp(`^${prefix}ServiceRole[0-9A-F]{8}$`).test(id),
  );
  expect(roleIds, prefix).toHaveLength(1);
  return policiesOf(stateless)
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleIds[0] }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
}

const variablesOf = (fn: Resource) =>
  (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('the stateful stack', () => {
  it('keeps the table safe: point-in-time recovery, deletion protection, retained', () => {
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('has every index of the table definition', () => {
    const table = Object.values(stateful.findResources('AWS::DynamoDB::GlobalTable'))[0] as Resource;
    const indexes = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map(
      (i) => i.IndexName,
    );
    expect(indexes.sort()).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => i.indexName).sort());
  });

  it('gives every queue a dead-letter queue after its receive limit, and an alarm on that DLQ', () => {
    const described = Object.values(queues);
    const withRedrive = Object.values(stateful.findResources('AWS::SQS::Queue')).filter(
      (queue) => (queue as Resource).Properties.RedrivePolicy,
    ) as Resource[];
    expect(withRedrive).toHaveLength(described.length);
    for (const queue of described) {
      stateful.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: queue.maxReceiveCount }),
      });
    }
    for (const name of Object.keys(queues)) {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `jifen-test-${name}-dlq-not-empty`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    }
  });

  it('gives every schedule an encrypted dead-letter queue with an alarm', () => {
    const queueCount = Object.keys(queues).length;
    const streamCount = Object.keys(streams).length;
    // Each queue and its DLQ, one DLQ per schedule and per stream consumer (test/infra/observability.test.ts);
    // all encrypted, all refusing plain HTTP.
    stateful.resourceCountIs('AWS::SQS::Queue', queueCount * 2 + schedules.length + streamCount);
    for (const queue of Object.values(stateful.findResources('AWS::SQS::Queue')) as Resource[]) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    stateful.resourceCountIs('AWS::SQS::QueuePolicy', queueCount * 2 + schedules.length + streamCount);
    for (const schedule of schedules) {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `jifen-test-schedule-${schedule.name}-dlq-not-empty`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    }
    stateful.resourceCountIs('AWS::CloudWatch::Alarm', queueCount + schedules.length + streamCount);
  });

  it('sends every alarm to the alarm topic, which emails the alarmEmail address', () => {
    stateful.resourceCountIs('AWS::SNS::Topic', 1);
    const topicId = Object.keys(stateful.findResources('AWS::SNS::Topic'))[0]!;
    const alarms = Object.values(stateful.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@shop.example',
      TopicArn: { Ref: topicId },
    });
    // The topic refuses publishing without TLS.
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('subscribes no one without alarmEmail, and refuses an alarmEmail that is no address', async () => {
    const { StatefulStack } = await import('../../infra/stateful/StatefulStack.js');
    const quiet = new StatefulStack(new App(), 'Quiet', { stage: 'quiet' });
    Template.fromStack(quiet).resourceCountIs('AWS::SNS::Subscription', 0);
    expect(() => buildApp(new App({ context: { stage: 'bad', alarmEmail: 'ops' } }))).toThrow(/alarmEmail/);
  });

  it('leaves out the indexes named in withoutIndexes, for upgrades one index per deployment', () => {
    const { stateful: upgrading } = buildApp(
      new App({ context: { stage: 'upgrade', withoutIndexes: 'birthdays, stats' } }),
    );
    const tables = Object.values(Template.fromStack(upgrading).findResources('AWS::DynamoDB::GlobalTable'));
    const names = ((tables[0] as Resource).Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map(
      (index) => index.IndexName,
    );
    expect(names).toContain('accepted');
    expect(names).not.toContain('birthdays');
    expect(names).not.toContain('stats');
    // A second whole app, every function bundled by esbuild again: minutes on a loaded 2-core machine.
  }, 180_000);
});

describe('the stateless stack', () => {
  it('has one HTTP API route per route of the system description', () => {
    const routeKeys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as Resource).Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('runs every function on Node.js 22 on arm64 with source maps', () => {
    expect(lambdas()).toHaveLength(described.length);
    for (const fn of lambdas()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps' },
      });
    }
  });

  it('consumes each queue with partial batch failures and its batch size', () => {
    for (const queue of Object.values(queues)) {
      stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: queue.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: queue.maxConcurrency },
      });
    }
    // And one per stream consumer (test/infra/observability.test.ts).
    stateless.resourceCountIs(
      'AWS::Lambda::EventSourceMapping',
      Object.keys(queues).length + Object.keys(streams).length,
    );
  });

  it('keeps each function log and the API access log for a month', () => {
    const groups = Object.values(stateless.findResources('AWS::Logs::LogGroup')) as Resource[];
    expect(groups).toHaveLength(lambdas().length + 1);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('schedules every job in its time zone, as of its scheduled time, with retries and a dead-letter queue', () => {
    stateless.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
    for (const schedule of schedules) {
      const retry = schedule.retry ?? defaultScheduleRetry;
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(${schedule.cron})`,
        ScheduleExpressionTimezone: schedule.timeZone,
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${pascal(schedule.name)}Job`), 'Arn'] },
          // What scheduledJob() reads: the same `time` the local scheduler passes.
          Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: {
            MaximumRetryAttempts: retry.maxRetries,
            MaximumEventAgeInSeconds: retry.maxEventAgeSeconds,
          },
          DeadLetterConfig: {
            Arn: { 'Fn::ImportValue': Match.stringLikeRegexp(`${pascal(schedule.name)}ScheduleDlq`) },
          },
        }),
      });
    }
  });

  it('grants each function exactly the DynamoDB actions of its declared table access', () => {
    for (const [prefix, fn] of described) {
      const granted = actionsOf(prefix).filter((action) => action.startsWith('dynamodb:'));
      const { onTable, onTableAndIndexes } = tableActions(fn.access.table);
      // A stream consumer's event source also reads the table's stream (on the stream alone).
      const reading = streamConsumers.has(fn) ? streamReadActions : [];
      expect(granted.sort(), prefix).toEqual([...onTable, ...onTableAndIndexes, ...reading].sort());
    }
  });

  it('lets no function delete from the table: nothing declares it', () => {
    expect(described.some(([, fn]) => fn.access.table?.delete)).toBe(false);
    for (const policy of policiesOf(stateless)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        expect(actions).not.toContain('dynamodb:DeleteItem');
        expect(actions).not.toContain('dynamodb:BatchWriteItem');
        expect(actions.some((action) => action === 'dynamodb:*' || action === '*')).toBe(false);
      }
    }
  });

  it('gives the key authorizer reads only, and a function that never touches the table no grant', () => {
    expect(
      actionsOf('AuthorizerFunction')
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'].sort());
    expect(functions.public.access).not.toHaveProperty('table');
    expect(actionsOf('PublicFunction').some((a) => a.startsWith('dynamodb:'))).toBe(false);
    expect(variablesOf(lambdaOf('PublicFunction'))).not.toHaveProperty(Env.tableName);
  });

  it('gives each function only the environment variables it declares, as the local runtime does', () => {
    const values = {
      tableName: 't',
      emailSender: 'e',
      emailSendRate: 1,
      publicBaseUrl: 'u',
      queueUrls: Object.fromEntries(Object.keys(queues).map((name) => [name, { url: 'q', dlqUrl: 'd' }])),
    };
    for (const [prefix, fn] of described) {
      const names = Object.keys(variablesOf(lambdaOf(prefix))).filter(
        (name) =>
          name !== 'NODE_OPTIONS' &&
          name !== 'POWERTOOLS_SERVICE_NAME' &&
          name !== 'POWERTOOLS_METRICS_NAMESPACE',
      );
      expect(names.sort(), prefix).toEqual(Object.keys(functionEnvironment(fn, values)).sort());
    }
  });

  it('sets a queue URL only where the function sends to or redrives that queue', () => {
    for (const [prefix, fn] of described) {
      const variables = variablesOf(lambdaOf(prefix));
      const declared = new Set([...(fn.access.sendsTo ?? []), ...(fn.access.redrives ?? [])]);
      for (const queue of Object.keys(queues) as (keyof typeof queues)[]) {
        if (declared.has(queue)) expect(variables, prefix).toHaveProperty(Env.queueUrl(queue));
        else expect(variables, prefix).not.toHaveProperty(Env.queueUrl(queue));
      }
    }
    // The accrual consumer credits purchases and sends nothing.
    expect(
      Object.keys(variablesOf(lambdaOf('AccrualConsumer'))).filter((name) =>
        /^QUEUE_URL_|^DLQ_URL_/.test(name),
      ),
    ).toEqual([]);
  });

  it('tells only the email sender about SES, and only link builders the public base URL', () => {
    const emailSenders = described.filter(([, fn]) => fn.access.sendsEmail).map(([prefix]) => prefix);
    const linkBuilders = described.filter(([, fn]) => fn.access.buildsLinks).map(([prefix]) => prefix);
    expect(emailSenders).toEqual(['EmailsConsumer']);
    expect(linkBuilders.sort()).toEqual(['EmailsConsumer', 'MembersFunction']);
    for (const [prefix] of described) {
      const variables = variablesOf(lambdaOf(prefix));
      expect(Env.emailSender in variables, prefix).toBe(emailSenders.includes(prefix));
      expect(Env.emailSendRate in variables, prefix).toBe(emailSenders.includes(prefix));
      expect(Env.publicBaseUrl in variables, prefix).toBe(linkBuilders.includes(prefix));
    }
  });

  it('lets only the functions that send to a queue send to it', () => {
    // A stream consumer's role also sends what it gives up on to its DLQ (the event source's on-failure destination).
    const senders = described.filter(
      ([, fn]) =>
        (fn.access.sendsTo ?? []).length > 0 ||
        (fn.access.redrives ?? []).length > 0 ||
        streamConsumers.has(fn),
    );
    expect(senders.length).toBeGreaterThan(0);
    for (const [prefix, fn] of described) {
      expect(actionsOf(prefix).includes('sqs:SendMessage'), prefix).toBe(senders.some(([, s]) => s === fn));
    }
  });

  it('lets only the functions that redrive a queue start message move tasks, on its DLQ alone', () => {
    const redrives = described.flatMap(([, fn]) => fn.access.redrives ?? []);
    expect(redrives.length).toBeGreaterThan(0);
    const resources = policiesOf(stateless).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter((s) =>
        [s.Action].flat().includes('sqs:StartMessageMoveTask'),
      ).flatMap((s) => [s.Resource].flat()),
    );
    expect(resources).toHaveLength(redrives.length);
    for (const resource of resources) expect(JSON.stringify(resource)).toMatch(/Dlq/);
  });

  it('throttles the whole API at its default stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
  });

  it('writes a JSON access log line per request, with the key id from the authorizer', () => {
    const stage = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource;
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const logGroupId = Object.keys(stateless.findResources('AWS::Logs::LogGroup')).find((id) =>
      id.startsWith('ApiAccessLogs'),
    );
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: '$context.requestId',
      keyId: '$context.authorizer.keyId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      integrationLatencyMs: '$context.integrationLatency',
      responseLatencyMs: '$context.responseLatency',
      ip: '$context.identity.sourceIp',
    });
  });

  it('puts the key authorizer on every route that needs a key, and on no other', () => {
    stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [authorizerId, authorizer] = Object.entries(
      stateless.findResources('AWS::ApiGatewayV2::Authorizer'),
    )[0]!;
    expect((authorizer as Resource).Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      // No cache and no identity source: every request reaches the authorizer, with a key or without.
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(JSON.stringify((authorizer as Resource).Properties.AuthorizerUri)).toMatch(
      /"Fn::GetAtt":\["AuthorizerFunction[0-9A-F]{8}","Arn"\]/,
    );
    expect((authorizer as Resource).Properties).not.toHaveProperty('IdentitySource');
    const byKey = new Map(
      (Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).map((route) => [
        route.Properties.RouteKey,
        route.Properties,
      ]),
    );
    for (const route of routes) {
      const properties = byKey.get(`${route.method} ${route.path}`)!;
      if (route.scope === null) {
        expect(properties.AuthorizationType, route.path).toBe('NONE');
        expect(properties, route.path).not.toHaveProperty('AuthorizerId');
      } else {
        expect(properties.AuthorizationType, route.path).toBe('CUSTOM');
        expect(properties.AuthorizerId, route.path).toEqual({ Ref: authorizerId });
      }
    }
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthorizerFunction'), 'Arn'] },
    });
  });

  it('tells the email senders the account send rate they share', () => {
    const senders = lambdas().filter((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes(Env.emailSendRate),
    );
    expect(senders).toHaveLength(
      Object.values(queues).filter((queue) => 'sendsEmail' in queue.consumer.access).length,
    );
    for (const fn of senders) {
      expect(fn.Properties.Environment).toMatchObject({ Variables: { [Env.emailSendRate]: '14' } });
    }
    expect(() =>
      buildApp(new App({ context: { stage: 'bad', emailSender: 'a@b.example', emailSendRate: 'fast' } })),
    ).toThrow(/emailSendRate/);
  });

  it('never grants SES on every resource', () => {
    for (const policy of policiesOf(stateless)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if ([statement.Action].flat().some((action) => action.startsWith('ses:'))) {
          expect(statement.Resource).not.toBe('*');
          expect(JSON.stringify(statement.Resource)).toContain('identity/shop.example');
        }
      }
    }
  });
});

describe('the stateless stack built from another description', () => {
  it('scopes SES to the sender identity and schedules a job in its time zone', async () => {
    const { StatefulStack } = await import('../../infra/stateful/StatefulStack.js');
    const { StatelessStack } = await import('../../infra/stateless/StatelessStack.js');
    const app = new App();
    const mailer = {
      entry: 'functions/http/public.ts',
      description: 'sends mail',
      access: { table: { read: true }, sendsEmail: true },
      timeoutSeconds: 5,
      memoryMb: 128,
    } as const;
    const nightly = { name: 'nightly', cron: '0 2 1 * ? *', timeZone: 'Asia/Shanghai', job: mailer };
    const data = new StatefulStack(app, 'Data', { stage: 'test', schedules: [nightly] });
    const template = Template.fromStack(
      new StatelessStack(app, 'Code', {
        stage: 'test',
        table: data.table,
        queues: data.queues,
        deadLetterQueues: data.deadLetterQueues,
        scheduleDeadLetterQueues: data.scheduleDeadLetterQueues,
        emailSender: 'no-reply@shop.example',
        system: {
          functions: { mailer },
          authorizer: mailer,
          routes: [],
          queues: {},
          schedules: [nightly],
        },
      }),
    );
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    const sesStatements = policiesOf(template).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('ses:')),
      ),
    );
    // The mailer as a function and as the nightly job; no route needs a key, so no authorizer.
    expect(sesStatements).toHaveLength(2);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const statement of sesStatements) {
      expect(JSON.stringify(statement.Resource)).toContain(':identity/shop.example');
    }
    // A schedule the stateful stack has no dead-letter queue for is refused.
    const other = new App();
    const otherData = new StatefulStack(other, 'Data', { stage: 'test', schedules: [] });
    expect(
      () =>
        new StatelessStack(other, 'Code', {
          stage: 'test',
          table: otherData.table,
          queues: otherData.queues,
          deadLetterQueues: otherData.deadLetterQueues,
          scheduleDeadLetterQueues: otherData.scheduleDeadLetterQueues,
          emailSender: 'no-reply@shop.example',
          system: { functions: {}, authorizer: mailer, routes: [], queues: {}, schedules: [nightly] },
        }),
    ).toThrow(/nightly has no dead-letter queue/);
  }, 120_000);
});

describe('cdk-nag', () => {
  it('finds no error or warning of the AwsSolutions and Serverless checks that is not suppressed with a reason', () => {
    expect(nagFindings).toEqual([]);
  });
});
