import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as accrualConsumer } from '../../functions/queues/accrual.js';
import { lambdaContext } from '../../local/lambda.js';
import { errorSummary } from '../../shared/core/logger.js';
import { queueConsumer } from '../../shared/queues/queueConsumer.js';
import { queues } from '../../shared/system.js';

const record = (body: string): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: randomUUID(),
  body,
  attributes: {
    ApproximateReceiveCount: '3',
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:accrual',
  awsRegion: 'us-east-1',
});

/** What the Powertools logger writes (JSON lines on stdout and stderr, as Lambda collects them). */
let output: string[] = [];
beforeEach(() => {
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});
const logLines = () =>
  output
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('a queue consumer', () => {
  it('logs each failed record with its message id, the queue and the error, and reports only it', async () => {
    const good = record('{"ok":true}');
    const bad = record('{"email":"zhang@example.com"}');
    const handler = queueConsumer('emails', async (r) => {
      if (r.messageId === bad.messageId) throw new Error('SES refused zhang@example.com (13812345678)');
    });
    const response = await handler({ Records: [good, bad] }, lambdaContext(queues.emails.consumer));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    const failures = logLines().filter((line) => line.message === 'Queue message failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      level: 'ERROR',
      queue: 'emails',
      messageId: bad.messageId,
      receiveCount: 3,
      error: { name: 'Error', message: 'SES refused <email> (<number>)' },
      function_name: 'jifen-local-queues-emails',
    });
    // No body, no personal data, no stack.
    expect(output.join('')).not.toMatch(/zhang|13812345678|"ok"|stack/);
  });

  it('logs the message ids of the accrual consumer’s failed records, never their bodies', async () => {
    const notJson = record('{"partnerId":"p-1","memberEmail":"zhang@example.com"');
    const incomplete = record('{"partnerId":"p-1"}');
    const event: SQSEvent = { Records: [notJson, incomplete] };
    // Every record failed: the batch fails as a whole, and each failure is logged first.
    await expect(accrualConsumer(event, lambdaContext(queues.accrual.consumer))).rejects.toThrow(
      /All records failed/,
    );
    const failures = logLines().filter((line) => line.message === 'Queue message failed');
    expect(failures.map((line) => line.messageId).sort()).toEqual(
      [notJson.messageId, incomplete.messageId].sort(),
    );
    expect(failures.find((line) => line.messageId === notJson.messageId)).toMatchObject({
      queue: 'accrual',
      error: { name: 'SyntaxError' },
    });
    expect(failures.find((line) => line.messageId === incomplete.messageId)).toMatchObject({
      queue: 'accrual',
      error: { name: 'ZodError' },
    });
    expect(output.join('')).not.toContain('zhang@example.com');
  });
});

describe('errorSummary', () => {
  it('keeps the name and message, withholds what JSON.parse quotes and masks addresses', () => {
    let parseError: unknown;
    try {
      JSON.parse('{"phone":"13812345678"');
    } catch (error) {
      parseError = error;
    }
    expect(errorSummary(parseError)).toEqual({
      name: 'SyntaxError',
      message: expect.not.stringContaining('1381'),
    });
    expect(errorSummary(new TypeError('x is not a function'))).toEqual({
      name: 'TypeError',
      message: 'x is not a function',
    });
    expect(errorSummary(new Error('to a@b.example')).message).toBe('to <email>');
  });
});
