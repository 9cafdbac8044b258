import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { CfnAuthorizer, type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { defaultMetricsNamespace } from '../../shared/core/metricNames.js';
import { schedules } from '../../shared/jobs/list.js';
import { type EnvironmentValues, functionEnvironment } from '../../shared/runtimeEnvironment.js';
import {
  defaultEmailSendRate,
  defaultScheduleRetry,
  type FunctionDescription,
  functions,
  type HttpRoute,
  httpAuthorizer,
  type QueueDescription,
  type QueueName,
  queues,
  routes,
  type ScheduleDescription,
  type StreamDescription,
  streams,
} from '../../shared/system.js';
import { pascal } from '../names.js';
import { ConsoleSite } from './ConsoleSite.js';
import { Observability } from './Observability.js';
import { tableActions } from './tableActions.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One JSON line per request in the API's access log. `keyId` comes from the Lambda authorizer's
 * context (`-` without a valid key); no path or query string, which may name a member or carry
 * an unsubscribe token.
 */
export const accessLogFormat = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  partnerId: '$context.authorizer.partnerId',
  keyId: '$context.authorizer.keyId',
  ip: '$context.identity.sourceIp',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly queues: Readonly<Record<QueueName, sqs.IQueue>>;
  readonly deadLetterQueues: Readonly<Record<QueueName, sqs.IQueue>>;
  /** By schedule name (StatefulStack.scheduleDeadLetterQueues); every schedule must have one. */
  readonly scheduleDeadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** By stream name (StatefulStack.streamDeadLetterQueues); every stream consumer must have one. */
  readonly streamDeadLetterQueues?: Readonly<Record<string, sqs.IQueue>>;
  /** The stage's alarm topic (StatefulStack.alarmTopic): the alarms of the functions, queues, table and stream publish to it. */
  readonly alarmTopic?: sns.ITopic;
  /** The SES identity emails are sent from, e.g. `no-reply@example.com`. */
  readonly emailSender: string;
  /** The SES account's maximum send rate per second (default: SES's starting quota of 14). */
  readonly emailSendRate?: number;
  /** Requests per second (steady, burst) the API takes before API Gateway answers 429. */
  readonly apiThrottle?: { readonly rateLimit?: number; readonly burstLimit?: number };
  readonly publicBaseUrl?: string;
  /** The one origin the API allows for CORS: the operator console's (default: its CloudFront domain). */
  readonly consoleOrigin?: string;
  /** Overrides of the system description, for tests; defaults to shared/system.ts. */
  readonly system?: {
    readonly functions?: Readonly<Record<string, FunctionDescription>>;
    readonly authorizer?: FunctionDescription;
    readonly routes?: readonly HttpRoute[];
    readonly queues?: Readonly<Record<string, QueueDescription>>;
    readonly schedules?: readonly ScheduleDescription[];
    readonly streams?: Readonly<Record<string, StreamDescription>>;
  };
}

/**
 * The code: one Lambda per function of shared/system.ts (each with the grants and the
 * environment its `access` declares, and nothing else), the HTTP API with its key authorizer and
 * access log, the queue consumers and the schedules.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** The operator console's bucket and distribution (its files: infra/console/ConsoleFilesStack.ts). */
  readonly console: ConsoleSite;
  readonly functions: Readonly<Record<string, NodejsFunction>>;
  /** The alarms and the dashboard. */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const system = {
      functions: props.system?.functions ?? functions,
      authorizer: props.system?.authorizer ?? httpAuthorizer,
      routes: props.system?.routes ?? routes,
      queues: props.system?.queues ?? queues,
      schedules: props.system?.schedules ?? schedules,
      // A system given without streams has none (tests that describe a system of their own).
      streams: props.system ? (props.system.streams ?? {}) : streams,
    };
    const senderDomain = props.emailSender.includes('@')
      ? props.emailSender.split('@')[1]!
      : props.emailSender;

    this.console = new ConsoleSite(this, 'Console', {
      apiOrigins: props.publicBaseUrl ? [new URL(props.publicBaseUrl).origin] : [],
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `jifen-${props.stage}`,
      description: 'Jifen loyalty API',
      createDefaultStage: true,
      corsPreflight: this.console.corsFor(props.consoleOrigin),
    });

    const queueUrls: Record<string, { url: string; dlqUrl: string }> = {};
    for (const [name, queue] of Object.entries(props.queues)) {
      queueUrls[name] = { url: queue.queueUrl, dlqUrl: props.deadLetterQueues[name as QueueName].queueUrl };
    }
    const environmentValues: EnvironmentValues = {
      tableName: props.table.tableName,
      emailSender: props.emailSender,
      emailSendRate: props.emailSendRate ?? defaultEmailSendRate,
      // Links in emails (unsubscribe) point at the API unless a public base URL is configured.
      publicBaseUrl: props.publicBaseUrl ?? this.api.apiEndpoint,
      queueUrls,
    };

    const metricsNamespace = `${defaultMetricsNamespace}/${props.stage}`;
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
          // What the function declares, built as the local runtime builds it.
          ...functionEnvironment(description, environmentValues),
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'jifen',
          POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        },
      });

      // Exactly the DynamoDB actions of the declared access (no DeleteItem unless declared).
      const { onTableAndIndexes, onTable } = tableActions(description.access.table);
      if (onTableAndIndexes.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: [...onTableAndIndexes],
            resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
          }),
        );
      }
      if (onTable.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: [...onTable], resources: [props.table.tableArn] }),
        );
      }
      for (const queueName of description.access.sendsTo ?? []) {
        props.queues[queueName].grantSendMessages(fn);
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
      }
      if (description.access.sendsEmail) {
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

    // Every route that needs a key goes through the key authorizer: it resolves the key for the
    // access log and the function, and always allows (no identity source, no cache), so that a
    // request without a key still gets the function's problem+json 401.
    let keyAuthorizer: HttpLambdaAuthorizer | undefined;
    const authorizerOfRoutes = () => {
      if (!keyAuthorizer) {
        built.authorizer = makeFunction('AuthorizerFunction', system.authorizer);
        keyAuthorizer = new HttpLambdaAuthorizer('KeyAuthorizer', built.authorizer, {
          authorizerName: 'api-key',
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          identitySource: [],
          resultsCacheTtl: Duration.seconds(0),
        });
      }
      return keyAuthorizer;
    };

    // A ceiling for the whole API, so that a runaway client cannot spend the table's capacity
    // or the Lambda concurrency of everyone else.
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.apiThrottle?.rateLimit ?? 500,
      throttlingBurstLimit: props.apiThrottle?.burstLimit ?? 1000,
    };
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify(accessLogFormat),
    };

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of system.routes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, built[route.fn]!);
        integrations.set(route.fn, integration);
      }
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.scope !== null ? { authorizer: authorizerOfRoutes() } : {}),
      });
    }
    // With caching off an identity source is optional; leaving it out lets requests without an
    // Authorization header reach the authorizer (and so the function) instead of a bare 401.
    for (const child of this.api.node.findAll()) {
      if (child instanceof CfnAuthorizer) child.addPropertyDeletionOverride('IdentitySource');
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
      const deadLetterQueue = props.scheduleDeadLetterQueues[schedule.name];
      if (!deadLetterQueue) {
        throw new Error(
          `The schedule ${schedule.name} has no dead-letter queue: build the stateful stack from the same schedules`,
        );
      }
      const retry = schedule.retry ?? defaultScheduleRetry;
      new scheduler.Schedule(this, `${pascal(schedule.name)}Schedule`, {
        description: `${schedule.name}: cron(${schedule.cron}) ${schedule.timeZone}`,
        schedule: scheduler.ScheduleExpression.expression(
          `cron(${schedule.cron})`,
          TimeZone.of(schedule.timeZone),
        ),
        target: new targets.LambdaInvoke(job, {
          // The job starts as of its scheduled time, as the local scheduler does (scheduledJob()).
          input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
          retryAttempts: retry.maxRetries,
          maxEventAge: Duration.seconds(retry.maxEventAgeSeconds),
          deadLetterQueue,
        }),
      });
      built[`${schedule.name}Job`] = job;
    }
    // The table's change stream: each consumer reads it in order, per shard, in batches; a record
    // that keeps failing (after bisecting its batch) is reported to the consumer's DLQ.
    const streamConsumers: Record<string, NodejsFunction> = {};
    for (const [name, description] of Object.entries(system.streams)) {
      const consumer = makeFunction(`${pascal(name)}StreamConsumer`, description.consumer);
      const deadLetterQueue = props.streamDeadLetterQueues?.[name];
      if (!deadLetterQueue) {
        throw new Error(
          `The stream ${name} has no dead-letter queue: build the stateful stack from the same streams`,
        );
      }
      consumer.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: lambda.StartingPosition[description.startingPosition],
          batchSize: description.batchSize,
          maxBatchingWindow: Duration.seconds(description.maxBatchingWindowSeconds),
          retryAttempts: description.retryAttempts,
          bisectBatchOnError: description.bisectBatchOnError,
          maxRecordAge: Duration.seconds(description.maxRecordAgeSeconds),
          parallelizationFactor: description.parallelizationFactor,
          reportBatchItemFailures: description.reportBatchItemFailures,
          onFailure: new SqsDlq(deadLetterQueue),
          filters: [
            ...description.filter.sortKeyEquals.map((sk) =>
              lambda.FilterCriteria.filter({
                dynamodb: { Keys: { sk: { S: lambda.FilterRule.isEqual(sk) } } },
              }),
            ),
            ...description.filter.sortKeyPrefixes.map((prefix) =>
              lambda.FilterCriteria.filter({
                dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith(prefix) } } },
              }),
            ),
          ],
        }),
      );
      streamConsumers[name] = consumer;
      built[`${name}StreamConsumer`] = consumer;
    }
    this.functions = built;

    this.observability = new Observability(this, 'Observability', {
      stage: props.stage,
      api: this.api,
      functions: built,
      queues: Object.fromEntries(
        Object.entries(system.queues).map(([name, description]) => [
          name,
          { queue: props.queues[name as QueueName], description },
        ]),
      ),
      deadLetterQueues: { ...props.deadLetterQueues, ...props.streamDeadLetterQueues },
      streamConsumers,
      table: props.table,
      metricsNamespace,
      alarmTopic: props.alarmTopic,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: props.table.tableName });
  }
}
