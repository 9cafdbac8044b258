/**
 * Starts DynamoDB Local (in memory) and the SQS and SES emulators once per test run, creates the
 * table and queues, and hands their endpoints to the test files; stops them by PID afterwards.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TestProject } from 'vitest/node';
import { provisionQueues, provisionTable } from '../../local/provision.js';
import { startDynamoDbLocal } from '../../local/services/dynamodbLocal.js';
import { startSes, startSqs } from '../../local/services/emulators.js';
import { queues } from '../../shared/system.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: {
      dynamodb: string;
      sqs: string;
      ses: string;
      queueUrls: Record<string, { url: string; dlqUrl: string }>;
    };
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ dataDir: null });
  const sqs = await startSqs();
  const ses = await startSes();
  const dynamoClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials });
  const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials });
  await provisionTable(dynamoClient);
  const queueUrls = await provisionQueues(sqsClient, queues);
  dynamoClient.destroy();
  sqsClient.destroy();
  project.provide('emulators', {
    dynamodb: dynamodb.endpoint,
    sqs: sqs.endpoint,
    ses: ses.endpoint,
    queueUrls,
  });
  return async () => {
    await ses.stop();
    await sqs.stop();
    await dynamodb.stop();
  };
}
