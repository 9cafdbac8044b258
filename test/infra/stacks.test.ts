import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/tableDefinition.js';
import { Env, type FunctionDescription, functions, queues, routes, schedules } from '../../shared/system.js';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const { stateful: statefulStack, stateless: statelessStack } = buildApp(
    new App({ context: { stage: 'test', emailSender: 'no-reply@shop.example' } }),
  );
  stateful = Template.fromStack(statefulStack);
  stateless = Template.fromStack(statelessStack);
}, 180_000);

type Resource = { Properties: Record<string, unknown> };
const lambdas = () => Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];
const policiesOf = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: {
      PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
      Roles: unknown[];
    };
  }[];

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
    stateful.resourceCountIs('AWS::CloudWatch::Alarm', described.length);
    stateful.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 },
      described.length,
    );
  });
});

describe('the stateless stack', () => {
  it('has one HTTP API route per route of the system description', () => {
    const routeKeys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as Resource).Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('runs every function on Node.js 22 on arm64 with source maps', () => {
    const expected = Object.keys(functions).length + Object.keys(queues).length + schedules.length;
    expect(lambdas()).toHaveLength(expected);
    for (const fn of lambdas()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: expect.anything() },
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
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', Object.keys(queues).length);
  });

  it('keeps each function log for a month', () => {
    const groups = Object.values(stateless.findResources('AWS::Logs::LogGroup')) as Resource[];
    expect(groups).toHaveLength(lambdas().length);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('schedules every job with EventBridge Scheduler in its time zone', () => {
    stateless.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
    for (const schedule of schedules) {
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(${schedule.cron})`,
        ScheduleExpressionTimezone: schedule.timeZone,
      });
    }
  });

  it('grants a read-only function no write action', () => {
    const readOnly = Object.entries(functions).filter(([, fn]) => fn.access.table === 'read');
    expect(readOnly.length).toBeGreaterThan(0);
    const writeActions = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    for (const [name] of readOnly) {
      const roleId = Object.keys(stateless.findResources('AWS::IAM::Role')).find((id) =>
        id.toLowerCase().startsWith(`${name}function`.toLowerCase()),
      );
      expect(roleId).toBeDefined();
      const policies = policiesOf(stateless).filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(roleId!),
      );
      const actions = policies.flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.flatMap((s) => s.Action),
      );
      expect(actions.some((action) => writeActions.includes(action))).toBe(false);
    }
  });

  it('lets only the functions that send to a queue send to it', () => {
    const all: FunctionDescription[] = [
      ...Object.values(functions),
      ...Object.values(queues).map((queue) => queue.consumer),
      ...schedules.map((schedule) => schedule.job),
    ];
    const senders = all.filter(
      (fn) => (fn.access.sendsTo ?? []).length > 0 || (fn.access.redrives ?? []).length > 0,
    );
    expect(senders.length).toBeGreaterThan(0);
    const sendStatements = policiesOf(stateless).filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some((s) => [s.Action].flat().includes('sqs:SendMessage')),
    );
    expect(sendStatements).toHaveLength(senders.length);
  });

  it('lets only the functions that redrive a queue start message move tasks, on its DLQ alone', () => {
    const redrives = Object.values(functions).flatMap((fn) =>
      'redrives' in fn.access ? fn.access.redrives : [],
    );
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
    const data = new StatefulStack(app, 'Data', { stage: 'test' });
    const mailer = {
      entry: 'functions/http/public.ts',
      description: 'sends mail',
      access: { table: 'read', sendsEmail: true },
      timeoutSeconds: 5,
      memoryMb: 128,
    } as const;
    const template = Template.fromStack(
      new StatelessStack(app, 'Code', {
        stage: 'test',
        table: data.table,
        queues: data.queues,
        deadLetterQueues: data.deadLetterQueues,
        emailSender: 'no-reply@shop.example',
        system: {
          functions: { mailer },
          routes: [],
          queues: {},
          schedules: [{ name: 'nightly', cron: '0 2 1 * ? *', timeZone: 'Asia/Shanghai', job: mailer }],
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
    expect(sesStatements).toHaveLength(2);
    for (const statement of sesStatements) {
      expect(JSON.stringify(statement.Resource)).toContain(':identity/shop.example');
    }
  }, 120_000);
});
