import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  defaultEmailSendRate,
  Env,
  type FunctionDescription,
  functions,
  type HttpRoute,
  type QueueDescription,
  type QueueName,
  queues,
  routes,
  type ScheduleDescription,
  schedules,
} from '../../shared/system.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly queues: Readonly<Record<QueueName, sqs.IQueue>>;
  readonly deadLetterQueues: Readonly<Record<QueueName, sqs.IQueue>>;
  /** The SES identity emails are sent from, e.g. `no-reply@example.com`. */
  readonly emailSender: string;
  /** The SES account's maximum send rate per second (default: SES's starting quota of 14). */
  readonly emailSendRate?: number;
  /** Requests per second (steady, burst) the API takes before API Gateway answers 429. */
  readonly apiThrottle?: { readonly rateLimit?: number; readonly burstLimit?: number };
  readonly publicBaseUrl?: string;
  /** Overrides of the system description, for tests; defaults to shared/system.ts. */
  readonly system?: {
    readonly functions?: Readonly<Record<string, FunctionDescription>>;
    readonly routes?: readonly HttpRoute[];
    readonly queues?: Readonly<Record<string, QueueDescription>>;
    readonly schedules?: readonly ScheduleDescription[];
  };
}

/** The code: one Lambda per function of shared/system.ts, the HTTP API, queue consumers and schedules. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Readonly<Record<string, NodejsFunction>>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const system = {
      functions: props.system?.functions ?? functions,
      routes: props.system?.routes ?? routes,
      queues: props.system?.queues ?? queues,
      schedules: props.system?.schedules ?? schedules,
    };
    const senderDomain = props.emailSender.includes('@')
      ? props.emailSender.split('@')[1]!
      : props.emailSender;

    const makeFunction = (logicalId: string, description: FunctionDescription) => {
      const logGroup = new logs.LogGroup(this, `${logicalId}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
      });
      const fn = new NodejsFunction(this, logicalId, {
        entry: `${repoRoot}${description.entry}`,
        handler: 'handler',
        description: description.description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: description.memoryMb,
        timeout: Duration.seconds(description.timeoutSeconds),
        logGroup,
        tracing: lambda.Tracing.ACTIVE,
        projectRoot: repoRoot,
        depsLockFilePath: `${repoRoot}package-lock.json`,
        bundling: {
          minify: true,
          sourceMap: true,
          sourcesContent: false,
          target: 'node22',
          format: OutputFormat.ESM,
          mainFields: ['module', 'main'],
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
          // The Node.js 22 runtime provides AWS SDK v3; leaving it out keeps bundles near 200 KB.
          externalModules: ['@aws-sdk/*'],
        },
        environment: {
          [Env.tableName]: props.table.tableName,
          [Env.stage]: props.stage,
          [Env.emailSender]: props.emailSender,
          ...(props.publicBaseUrl ? { [Env.publicBaseUrl]: props.publicBaseUrl } : {}),
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'jifen',
        },
      });
      if (description.access.table === 'read') props.table.grantReadData(fn);
      else props.table.grantReadWriteData(fn);
      for (const queueName of description.access.sendsTo ?? []) {
        const queue = props.queues[queueName];
        queue.grantSendMessages(fn);
        fn.addEnvironment(Env.queueUrl(queueName), queue.queueUrl);
      }
      for (const queueName of description.access.redrives ?? []) {
        const queue = props.queues[queueName];
        const deadLetterQueue = props.deadLetterQueues[queueName];
        // A message move task reads and deletes from the DLQ and sends to the queue.
        deadLetterQueue.grantConsumeMessages(fn);
        queue.grantSendMessages(fn);
        queue.grant(fn, 'sqs:GetQueueAttributes');
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks'],
            resources: [deadLetterQueue.queueArn],
          }),
        );
        fn.addEnvironment(Env.queueUrl(queueName), queue.queueUrl);
        fn.addEnvironment(Env.deadLetterQueueUrl(queueName), deadLetterQueue.queueUrl);
      }
      if (description.access.sendsEmail) {
        fn.addEnvironment(Env.emailSendRate, String(props.emailSendRate ?? defaultEmailSendRate));
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: senderDomain })],
          }),
        );
      }
      return fn;
    };

    const built: Record<string, NodejsFunction> = {};
    for (const [name, description] of Object.entries(system.functions)) {
      built[name] = makeFunction(`${pascal(name)}Function`, description);
    }

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `jifen-${props.stage}`,
      description: 'Jifen loyalty API',
      createDefaultStage: true,
    });
    // A ceiling for the whole API, so that a runaway client cannot spend the table's capacity
    // or the Lambda concurrency of everyone else.
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.apiThrottle?.rateLimit ?? 500,
      throttlingBurstLimit: props.apiThrottle?.burstLimit ?? 1000,
    };
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of system.routes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, built[route.fn]!);
        integrations.set(route.fn, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }

    for (const [name, description] of Object.entries(system.queues)) {
      const consumer = makeFunction(`${pascal(name)}Consumer`, description.consumer);
      consumer.addEventSource(
        new SqsEventSource(props.queues[name as QueueName], {
          batchSize: description.batchSize,
          reportBatchItemFailures: description.reportBatchItemFailures,
          maxBatchingWindow: Duration.seconds(1),
          maxConcurrency: description.maxConcurrency,
        }),
      );
      built[`${name}Consumer`] = consumer;
    }

    for (const schedule of system.schedules) {
      const job = makeFunction(`${pascal(schedule.name)}Job`, schedule.job);
      new scheduler.Schedule(this, `${pascal(schedule.name)}Schedule`, {
        description: `${schedule.name}: cron(${schedule.cron}) ${schedule.timeZone}`,
        schedule: scheduler.ScheduleExpression.expression(
          `cron(${schedule.cron})`,
          TimeZone.of(schedule.timeZone),
        ),
        target: new targets.LambdaInvoke(job, { retryAttempts: 2 }),
      });
      built[`${schedule.name}Job`] = job;
    }
    this.functions = built;
    // Links in emails (unsubscribe) point at the API unless a public base URL is configured.
    if (!props.publicBaseUrl) {
      for (const fn of Object.values(built)) fn.addEnvironment(Env.publicBaseUrl, this.api.apiEndpoint);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: props.table.tableName });
  }
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
