/**
 * cdk-nag over the stacks of one stage: the AwsSolutions and Serverless rule packs as Aspects, and
 * every finding that stays, suppressed where it arises with the reason it is accepted. Used by the
 * stack test (test/infra/stacks.test.ts: no unsuppressed error or warning) and by infra/nag.ts
 * (`npx cdk synth --app 'npx tsx infra/nag.ts'` prints the findings). A new resource that breaks
 * a rule is not covered by any of these: each suppression names its resources or the exact
 * permission it accepts.
 */
import { Aspects, type Stack } from 'aws-cdk-lib';
import { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, type NagPackSuppression, NagSuppressions, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { schedules } from '../shared/jobs/list.js';
import { functions, queues, routes, streams } from '../shared/system.js';
import { pascal } from './names.js';
import type { StatefulStack } from './stateful/StatefulStack.js';
import type { StatelessStack } from './stateless/StatelessStack.js';

export interface NagCheckedStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly consoleFiles: Stack;
}

/** The rule ids (and cdk-nag's own failures to evaluate a rule) a finding message starts with. */
export const nagFindingPattern = /^(AwsSolutions-|Serverless-|CdkNagValidationFailure)/;

const suppress = (construct: IConstruct, suppressions: NagPackSuppression[]) =>
  NagSuppressions.addResourceSuppressions(construct, suppressions, true);

const nodeRuntimePinned =
  'Node.js 22 is chosen on purpose: the bundles target node22 (StatelessStack bundling) and the stack test pins nodejs22.x; moving to a newer runtime is its own tested change, not a lint fix.';

export function addNagChecks(stacks: NagCheckedStacks, options: { verbose?: boolean } = {}): void {
  for (const stack of [stacks.stateful, stacks.stateless, stacks.consoleFiles]) {
    Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: options.verbose }));
    Aspects.of(stack).add(new ServerlessChecks({ verbose: options.verbose }));
  }
  suppressStateful(stacks.stateful);
  suppressStateless(stacks.stateless);
  suppressConsoleFiles(stacks.consoleFiles);
}

function suppressStateful(stack: StatefulStack): void {
  const isADeadLetterQueue = {
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'A dead-letter queue itself: what failed waits here 14 days for a redrive, and its alarm fires on the first message; a DLQ behind a DLQ would only move the same messages once more.',
  };
  for (const queue of Object.values(stack.deadLetterQueues)) suppress(queue, [isADeadLetterQueue]);
  for (const queue of Object.values(stack.scheduleDeadLetterQueues)) {
    suppress(queue, [
      isADeadLetterQueue,
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "The dead-letter queue of an EventBridge Scheduler target (StatelessStack, the schedule's DeadLetterConfig); SQS sees it as an ordinary queue because no queue's redrive policy names it.",
      },
    ]);
  }
  for (const queue of Object.values(stack.streamDeadLetterQueues)) {
    suppress(queue, [
      isADeadLetterQueue,
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "The on-failure destination of a table stream's event source mapping (StatelessStack); SQS sees it as an ordinary queue because no queue's redrive policy names it.",
      },
    ]);
  }
  suppress(stack.alarmTopic, [
    {
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The alarm email subscription: an alarm whose email is not delivered stays in ALARM in CloudWatch and on the dashboard; a DLQ for undelivered alarm emails would need an alarm of its own, publishing to this same topic.',
    },
  ]);
}

function suppressStateless(stack: StatelessStack): void {
  const described = stack.functions;
  const apiFunctions = [...Object.keys(functions), 'authorizer'];
  const consumers = Object.keys(queues).map((name) => `${name}Consumer`);
  const jobs = schedules.map((schedule) => `${schedule.name}Job`);
  const streamConsumers = Object.keys(streams).map((name) => `${name}StreamConsumer`);
  const invokedBy = (names: readonly string[], reason: string) => {
    for (const name of names) {
      const fn = described[name];
      if (!fn) throw new Error(`cdk-nag suppressions: no function ${name} in the stateless stack`);
      suppress(fn, [{ id: 'Serverless-LambdaDLQ', reason }]);
    }
  };
  invokedBy(
    apiFunctions,
    'Invoked synchronously by API Gateway (routes and the key authorizer): a failure goes back to the caller as a 5xx; a Lambda DLQ only ever receives asynchronous invocations.',
  );
  invokedBy(
    consumers,
    "Invoked synchronously by its SQS event source mapping: a message that keeps failing moves to the queue's DLQ by its redrive policy (StatefulStack, maxReceiveCount); a Lambda DLQ would never receive anything.",
  );
  invokedBy(
    streamConsumers,
    "Invoked synchronously by its stream event source mapping, whose on-failure destination is the stream's DLQ (StatefulStack); a Lambda DLQ would never receive anything.",
  );
  invokedBy(
    jobs,
    "Invoked by EventBridge Scheduler, with retries and the schedule's DLQ for an invocation it could not deliver (StatefulStack). A run that throws raises the function's Errors alarm (Observability); the run is started again by POST /v1/admin/jobs/{name} as of its scheduled time, as for a schedule's DLQ message, so no run is lost without an alarm.",
  );

  for (const fn of Object.values(described)) {
    suppress(fn, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          "AWSLambdaBasicExecutionRole, which CDK attaches to every function's role: it grants logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents and nothing else.",
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'xray:PutTraceSegments and xray:PutTelemetryRecords for active tracing: X-Ray has no resource-level permissions, so "*" is the only resource these actions take.',
        appliesTo: ['Resource::*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "The global secondary indexes of the ledger table, for the Query actions the function's declared access gives it (infra/stateless/tableActions.ts): `<table ARN>/index/*` is this one table's indexes and no other table's.",
        appliesTo: [{ regex: '/^Resource::<Table[0-9A-F]{8}\\.Arn>\\/index\\/\\*$/g' }],
      },
      { id: 'AwsSolutions-L1', reason: nodeRuntimePinned },
      { id: 'Serverless-LambdaLatestVersion', reason: nodeRuntimePinned },
    ]);
  }

  for (const child of stack.node.findAll()) {
    if (child instanceof CfnEventSourceMapping && child.node.path.includes('SqsEventSource')) {
      suppress(child, [
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            "An SQS event source mapping takes no on-failure destination (Lambda offers those for stream and Kafka sources only); a message that keeps failing moves to the queue's DLQ by the queue's redrive policy.",
        },
      ]);
    }
  }

  // Scheduler's role for each job may invoke that function and its versions and aliases (`<ARN>:*`), nothing else.
  const jobArnPattern = jobs.map((name) => pascal(name)).join('|');
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        "The role CDK gives EventBridge Scheduler for a job: lambda:InvokeFunction on that job's function and its qualified ARNs (`<ARN>:*`, versions and aliases of the same function).",
      appliesTo: [{ regex: `/^Resource::<(${jobArnPattern})[0-9A-F]{8}\\.Arn>:\\*$/g` }],
    },
  ]);

  // The routes without an API key, and only those: a route that should need a key and lacks it stays a finding.
  const publicRoutes = new Set(
    routes.filter((route) => route.scope === null).map((route) => `${route.method} ${route.path}`),
  );
  for (const child of stack.api.node.findAll()) {
    if (child instanceof CfnRoute && publicRoutes.has(child.routeKey)) {
      suppress(child, [
        {
          id: 'AwsSolutions-APIG4',
          reason: `${child.routeKey} needs no API key by design (shared/system.ts, scope null): /health and /openapi.json hold no data, and the unsubscribe link an email recipient follows is authorised by the signed token it carries.`,
        },
      ]);
    }
  }

  suppress(stack.console.bucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        "The operator console's built files, nothing else: the same files are in the repository and every deploy puts them back; the bucket is private behind CloudFront with origin access control, and what operators do is in the API's access log.",
    },
  ]);
  suppress(stack.console.distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        "Serves the console's static files to operators wherever they work; what they can do is decided by their API key at the API, not by the country they connect from.",
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'Static files only (no origin that computes anything); the API behind the console has its own throttling and key authorizer. A web ACL is a per-deployment choice at a monthly cost.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        "Static files only; operators' actions are logged by the API's access log. Standard logs would need a logging bucket with ACLs enabled.",
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes (minimumProtocolVersion applies only with a custom certificate); a custom domain with its ACM certificate takes TLS 1.2 (ConsoleSite sets TLS_V1_2_2021).',
    },
  ]);
}

function suppressConsoleFiles(stack: Stack): void {
  const reasons: NagPackSuppression[] = [
    {
      id: 'AwsSolutions-IAM4',
      reason:
        "CDK's BucketDeployment provider (aws-cdk-lib/aws-s3-deployment): its role, with AWSLambdaBasicExecutionRole, is the library's.",
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        "CDK's BucketDeployment provider: it reads the CDK asset bucket's objects and writes the console's prefix of the console bucket (s3:GetObject*, s3:List*, s3:DeleteObject*, s3:Abort* on `<bucket>/*`), as the library grants it.",
    },
    { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment provider: its runtime is the library's." },
    {
      id: 'Serverless-LambdaLatestVersion',
      reason: "CDK's BucketDeployment provider: its runtime is the library's.",
    },
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked by CloudFormation as a custom resource during a deployment; a failure fails (and rolls back) the deployment.',
    },
    {
      id: 'Serverless-LambdaTracing',
      reason: 'Runs only during deployments, copying files; its log group has what a failed copy needs.',
    },
  ];
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) suppress(child, reasons);
  }
}
