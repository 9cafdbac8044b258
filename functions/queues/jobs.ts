import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { jobsDeps } from '../../shared/adapters/adapters.js';
import { queues } from '../../shared/system.js';
import type { JobMessage } from '../../shared/useCases/jobs/jobTypes.js';
import { handleJobMessage } from '../../shared/useCases/jobs/runJobs.js';

const processor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord): Promise<void> {
  const finalAttempt = Number(record.attributes.ApproximateReceiveCount) >= queues.jobs.maxReceiveCount;
  await handleJobMessage(jobsDeps(), JSON.parse(record.body) as JobMessage, finalAttempt);
}

export const handler = async (event: SQSEvent, context: unknown) =>
  processPartialResponse(event, handleRecord, processor, { context: context as never });
