/** Points the AWS SDK of every test file at the emulators the global setup started. */
import { inject } from 'vitest';
import { tableDefinition } from '../../shared/adapters/dynamodb/tableDefinition.js';
import { Env, type QueueName } from '../../shared/system.js';

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
for (const [name, { url }] of Object.entries(emulators.queueUrls))
  process.env[Env.queueUrl(name as QueueName)] = url;

export { emulators };
