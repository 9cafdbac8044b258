/**
 * The CDK stacks of one stage: a stateful stack (table, queues) and a stateless one (functions, API, schedules),
 * both built from shared/system.ts. Context: `stage` (default dev), `emailSender`, `emailSendRate`, `apiRateLimit`,
 * `apiBurstLimit`, `publicBaseUrl`, `alarmEmail`, `consoleOrigin` (the one origin the API allows; default the
 * console's CloudFront domain), `consoleAssets` (the console's build, default console/dist).
 *   npx cdk synth
 *   npx cdk deploy --all -c stage=prod -c emailSender=no-reply@your-domain.com
 */
import { App } from 'aws-cdk-lib';
import { consoleDistDir } from '../console/build.js';
import { ConsoleFilesStack } from './console/ConsoleFilesStack.js';
import { StatefulStack } from './stateful/StatefulStack.js';
import { StatelessStack } from './stateless/StatelessStack.js';

export function buildApp(app = new App()) {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const emailSender = String(app.node.tryGetContext('emailSender') ?? 'no-reply@example.com');
  const publicBaseUrl = app.node.tryGetContext('publicBaseUrl') as string | undefined;
  const emailSendRate = positiveContext(app, 'emailSendRate');
  const apiRateLimit = positiveContext(app, 'apiRateLimit');
  const apiBurstLimit = positiveContext(app, 'apiBurstLimit');
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(String(alarmEmail))) {
    throw new Error(`Context alarmEmail must be an email address, not ${String(alarmEmail)}`);
  }
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const stateful = new StatefulStack(app, `Jifen-${stage}-Stateful`, {
    stage,
    env,
    terminationProtection: stage === 'prod',
    alarmEmail,
    withoutIndexes: listContext(app, 'withoutIndexes'),
  });
  const stateless = new StatelessStack(app, `Jifen-${stage}-Stateless`, {
    stage,
    env,
    table: stateful.table,
    queues: stateful.queues,
    deadLetterQueues: stateful.deadLetterQueues,
    scheduleDeadLetterQueues: stateful.scheduleDeadLetterQueues,
    streamDeadLetterQueues: stateful.streamDeadLetterQueues,
    alarmTopic: stateful.alarmTopic,
    emailSender,
    emailSendRate,
    apiThrottle: { rateLimit: apiRateLimit, burstLimit: apiBurstLimit },
    publicBaseUrl,
    consoleOrigin: app.node.tryGetContext('consoleOrigin') as string | undefined,
  });
  stateless.addStackDependency(stateful);
  const consoleFiles = new ConsoleFilesStack(app, `Jifen-${stage}-Console`, {
    env,
    bucket: stateless.console.bucket,
    distribution: stateless.console.distribution,
    apiUrl: stateless.api.apiEndpoint,
    assetsDir: String(app.node.tryGetContext('consoleAssets') ?? consoleDistDir),
  });
  consoleFiles.addStackDependency(stateless);
  return { app, stateful, stateless, consoleFiles };
}

/** A context value that, when given, must be a number above 0. */
function positiveContext(app: App, name: string): number | undefined {
  const raw = app.node.tryGetContext(name) as string | number | undefined;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`Context ${name} must be a number above 0, not ${String(raw)}`);
  return value;
}

/** A comma-separated context value as a list (empty when not given). */
function listContext(app: App, name: string): string[] {
  const raw = app.node.tryGetContext(name) as string | undefined;
  return raw
    ? raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];
}
