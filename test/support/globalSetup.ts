/**
 * Starts DynamoDB Local (in memory) and the SQS and SES emulators once per test run and hands
 * their endpoints to the test files (each makes its own table and queues: useEmulators.ts);
 * stops them by PID afterwards.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodbLocal.js';
import { startSes, startSqs } from '../../local/services/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: {
      dynamodb: string;
      sqs: string;
      ses: string;
    };
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ dataDir: null });
  const sqs = await startSqs();
  const ses = await startSes();
  project.provide('emulators', {
    dynamodb: dynamodb.endpoint,
    sqs: sqs.endpoint,
    ses: ses.endpoint,
  });
  return async () => {
    await ses.stop();
    await sqs.stop();
    await dynamodb.stop();
  };
}
