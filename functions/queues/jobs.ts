import type { SQSRecord } from 'aws-lambda';
import { handleJobMessage } from '../../shared/jobs/engine.js';
import type { JobMessage } from '../../shared/jobs/types.js';
import { queueConsumer } from '../../shared/queues/queueConsumer.js';
import { queues } from '../../shared/system.js';
import { jobsDeps } from '../../shared/wiring/adapters.js';

async function handleRecord(record: SQSRecord): Promise<void> {
  const finalAttempt = Number(record.attributes.ApproximateReceiveCount) >= queues.jobs.maxReceiveCount;
  await handleJobMessage(jobsDeps(), JSON.parse(record.body) as JobMessage, finalAttempt);
}

export const handler = queueConsumer('jobs', handleRecord);
