import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { NotFound, RateLimited } from '../../shared/core/errors.js';
import { withOptimisticRetry } from '../../shared/features/ledger/transaction.js';
import { problemResponse } from '../../shared/http/problem.js';
import { VersionConflict } from '../../shared/ports/LedgerStore.js';

const metadata = { $metadata: {} };

describe('problemResponse', () => {
  it.each([
    [
      'a throttled DynamoDB request',
      new ProvisionedThroughputExceededException({ message: 'table x', ...metadata }),
    ],
    [
      'a transaction cancelled by throttling',
      new TransactionCanceledException({
        message: 'cancelled',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
        ...metadata,
      }),
    ],
    ['a busy account', new RateLimited('The account is busy.')],
  ])('answers %s with 429 rate_limited and Retry-After', (_, error) => {
    const response = problemResponse(error, 'req-1');
    expect(response.statusCode).toBe(429);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '1',
    });
    expect(JSON.parse(String(response.body))).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(String(response.body)).not.toContain('table x');
  });

  it('maps a domain error to its status without Retry-After', () => {
    const response = problemResponse(new NotFound('Member "m-1"'), 'req-1');
    expect(response.statusCode).toBe(404);
    expect(response.headers).not.toHaveProperty('retry-after');
  });

  it('names the request: instance in the body, x-request-id in the headers', () => {
    for (const error of [new NotFound('Member "m-1"'), new Error('boom')]) {
      const response = problemResponse(error, 'Jv3ahP1oAMEV2A=');
      expect(response.headers).toMatchObject({ 'x-request-id': 'Jv3ahP1oAMEV2A=' });
      expect(JSON.parse(String(response.body))).toMatchObject({ instance: 'Jv3ahP1oAMEV2A=' });
    }
  });

  it('never shows an unknown error’s message or stack', () => {
    const response = problemResponse(new Error('password=hunter2 at /var/task/index.mjs:1'), 'req-1');
    expect(response.statusCode).toBe(500);
    expect(String(response.body)).not.toMatch(/hunter2|index\.mjs/);
  });
});

describe('withOptimisticRetry', () => {
  it('gives up on an account that stays busy with rate_limited, after its attempts', async () => {
    let attempts = 0;
    await expect(
      withOptimisticRetry(async () => {
        attempts++;
        throw new VersionConflict();
      }, 3),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(attempts).toBe(3);
  });
});
