/**
 * The CDK stacks of one stage: a stateful stack (table, queues) and a stateless one (functions, API, schedules),
 * both built from shared/system.ts. Context: `stage` (default dev), `emailSender`, `emailSendRate`, `publicBaseUrl`.
 *   npx cdk synth
 *   npx cdk deploy --all -c stage=prod -c emailSender=no-reply@your-domain.com
 */
import { App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful/StatefulStack.js';
import { StatelessStack } from './stateless/StatelessStack.js';

export function buildApp(app = new App()) {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const emailSender = String(app.node.tryGetContext('emailSender') ?? 'no-reply@example.com');
  const publicBaseUrl = app.node.tryGetContext('publicBaseUrl') as string | undefined;
  const sendRate = app.node.tryGetContext('emailSendRate') as string | number | undefined;
  const emailSendRate = sendRate === undefined ? undefined : Number(sendRate);
  if (emailSendRate !== undefined && !(emailSendRate > 0)) {
    throw new Error(`Context emailSendRate must be a number above 0, not ${String(sendRate)}`);
  }
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const stateful = new StatefulStack(app, `Jifen-${stage}-Stateful`, {
    stage,
    env,
    terminationProtection: stage === 'prod',
  });
  const stateless = new StatelessStack(app, `Jifen-${stage}-Stateless`, {
    stage,
    env,
    table: stateful.table,
    queues: stateful.queues,
    deadLetterQueues: stateful.deadLetterQueues,
    emailSender,
    emailSendRate,
    publicBaseUrl,
  });
  stateless.addStackDependency(stateful);
  return { app, stateful, stateless };
}
