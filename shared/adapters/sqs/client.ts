import { SQSClient } from '@aws-sdk/client-sqs';

let shared: SQSClient | undefined;

/** One SQS client per Lambda container (or local process), with the SDK's retries for throttling. */
export function sqsClient(): SQSClient {
  shared ??= new SQSClient({ maxAttempts: 5 });
  return shared;
}
