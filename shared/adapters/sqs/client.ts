import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../../core/observability.js';

let shared: SQSClient | undefined;

/** One SQS client per Lambda container (or local process), with the SDK's retries for throttling. */
export function sqsClient(): SQSClient {
  // Each call an X-Ray subsegment in AWS (shared/observability.ts); unchanged where tracing is off.
  shared ??= tracer.captureAWSv3Client(new SQSClient({ maxAttempts: 5 }));
  return shared;
}
