import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Env } from '../../system.js';

let shared: DynamoDBDocumentClient | undefined;

/** One document client per process; the endpoint comes from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return shared;
}

export function tableName(): string {
  const name = process.env[Env.tableName];
  if (!name) throw new Error(`${Env.tableName} is not set`);
  return name;
}
