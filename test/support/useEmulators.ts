/**
 * Points the AWS SDK of every test file at the emulators the global setup started, and gives the
 * file a table and queues of its own: jobs scan the whole table and pollers take any message, so
 * files running side by side must not see each other's members or messages.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { exportQueueUrls, provisionQueues, provisionTable } from '../../local/provision.js';
import { Env, queues } from '../../shared/system.js';

const emulators = inject('emulators');
const prefix = `t${process.pid}-${randomUUID().slice(0, 6)}`;
const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb,
  AWS_ENDPOINT_URL_SQS: emulators.sqs,
  AWS_ENDPOINT_URL_SES: emulators.ses,
  [Env.tableName]: `jifen-${prefix}`,
  [Env.emailSender]: 'no-reply@jifen.test',
  [Env.publicBaseUrl]: 'http://127.0.0.1:3000',
});
const dynamodb = new DynamoDBClient({ endpoint: emulators.dynamodb, region: 'us-east-1', credentials });
await provisionTable(dynamodb, `jifen-${prefix}`);
dynamodb.destroy();
const sqs = new SQSClient({ endpoint: emulators.sqs, region: 'us-east-1', credentials });
const queueUrls = await provisionQueues(sqs, queues, `${prefix}-`);
sqs.destroy();
exportQueueUrls(queueUrls);

export { emulators, queueUrls };
