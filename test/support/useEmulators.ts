/** Points the AWS SDK of every test file at the emulators the global setup started. */
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { provisionQueues } from '../../local/provision.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/tableDefinition.js';
import { Env, type QueueName, queues } from '../../shared/system.js';

const emulators = inject('emulators');

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb,
  AWS_ENDPOINT_URL_SQS: emulators.sqs,
  AWS_ENDPOINT_URL_SES: emulators.ses,
  [Env.tableName]: tableDefinition.localTableName,
  [Env.emailSender]: 'no-reply@jifen.test',
  [Env.publicBaseUrl]: 'http://127.0.0.1:3000',
});
/** Each test file gets queues of its own, so a poller in one file never takes another file's messages. */
const sqs = new SQSClient({
  endpoint: emulators.sqs,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
const queueUrls = await provisionQueues(sqs, queues, `t${process.pid}-${randomUUID().slice(0, 6)}-`);
sqs.destroy();
for (const [name, { url, dlqUrl }] of Object.entries(queueUrls)) {
  process.env[Env.queueUrl(name as QueueName)] = url;
  process.env[Env.deadLetterQueueUrl(name as QueueName)] = dlqUrl;
}

export { emulators, queueUrls };
