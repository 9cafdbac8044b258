import { describe, expect, it } from 'vitest';
import { createInvoker } from '../../local/lambda.js';
import { schedules } from '../../shared/jobs/list.js';
import { type EnvironmentValues, functionEnvironment } from '../../shared/runtimeEnvironment.js';
import { Env, type FunctionDescription, functions, httpAuthorizer, queues } from '../../shared/system.js';

const values: EnvironmentValues = {
  tableName: 'jifen-test',
  emailSender: 'no-reply@jifen.test',
  emailSendRate: 14,
  publicBaseUrl: 'http://127.0.0.1:3000',
  queueUrls: {
    accrual: { url: 'http://sqs.local/accrual', dlqUrl: 'http://sqs.local/accrual-dlq' },
    jobs: { url: 'http://sqs.local/jobs', dlqUrl: 'http://sqs.local/jobs-dlq' },
    emails: { url: 'http://sqs.local/emails', dlqUrl: 'http://sqs.local/emails-dlq' },
  },
};

const emailer = (sendsTo: FunctionDescription['access']['sendsTo']): FunctionDescription => ({
  entry: 'test/local/fixtures/emailSender.ts',
  description: 'sends to the emails queue',
  access: { table: { read: true }, sendsTo },
  timeoutSeconds: 5,
  memoryMb: 128,
});

describe('functionEnvironment', () => {
  it('gives a function only what it declares', () => {
    expect(functionEnvironment(functions.public, values)).toEqual({});
    expect(functionEnvironment(httpAuthorizer, values)).toEqual({ [Env.tableName]: 'jifen-test' });
    expect(functionEnvironment(queues.accrual.consumer, values)).toEqual({ [Env.tableName]: 'jifen-test' });
    expect(functionEnvironment(functions.members, values)).toEqual({
      [Env.tableName]: 'jifen-test',
      [Env.queueUrl('emails')]: 'http://sqs.local/emails',
      [Env.publicBaseUrl]: 'http://127.0.0.1:3000',
    });
    expect(functionEnvironment(queues.emails.consumer, values)).toMatchObject({
      [Env.emailSender]: 'no-reply@jifen.test',
      [Env.emailSendRate]: '14',
      [Env.publicBaseUrl]: 'http://127.0.0.1:3000',
    });
    expect(functionEnvironment(functions.admin, values)).toMatchObject({
      [Env.queueUrl('accrual')]: 'http://sqs.local/accrual',
      [Env.deadLetterQueueUrl('accrual')]: 'http://sqs.local/accrual-dlq',
    });
  });

  it('gives no function SES settings or links it does not declare', () => {
    const all: FunctionDescription[] = [
      ...Object.values(functions),
      httpAuthorizer,
      ...Object.values(queues).map((queue) => queue.consumer),
      ...schedules.map((schedule) => schedule.job),
    ];
    for (const fn of all) {
      const environment = functionEnvironment(fn, values);
      expect(Env.emailSender in environment, fn.entry).toBe(fn.access.sendsEmail === true);
      expect(Env.publicBaseUrl in environment, fn.entry).toBe(fn.access.buildsLinks === true);
    }
  });

  it('tells each schedule function the job it starts, and no other function a job', () => {
    for (const schedule of schedules) {
      expect(functionEnvironment(schedule.job, values)[Env.jobName], schedule.name).toBe(schedule.name);
    }
    for (const fn of Object.values(functions))
      expect(Env.jobName in functionEnvironment(fn, values)).toBe(false);
  });

  it('refuses a declared queue it has no URL for', () => {
    expect(() => functionEnvironment(emailer(['emails']), { ...values, queueUrls: {} })).toThrow(
      /emails queue/,
    );
  });
});

describe('the local invoker', () => {
  it('lets a function that declares the emails queue send to it', async () => {
    const invoke = createInvoker({ environment: values });
    await expect(invoke(emailer(['emails']), {})).resolves.toBe('http://sqs.local/emails');
  });

  it('fails a function that sends to a queue it did not declare, as Lambda would, though the process knows the queue', async () => {
    // The test setup exported every queue URL to process.env, as the local runtime does.
    expect(process.env[Env.queueUrl('emails')]).toBeTruthy();
    const invoke = createInvoker({ environment: values });
    // The declaring function runs first: the cached queue must not carry over.
    await invoke(emailer(['emails']), {});
    await expect(invoke(emailer(['jobs']), {})).rejects.toThrow('QUEUE_URL_EMAILS is not set');
    await expect(invoke(emailer(undefined), {})).rejects.toThrow('QUEUE_URL_EMAILS is not set');
  });

  it('keeps each invocation in its own environment when they run at once', async () => {
    const invoke = createInvoker({ environment: values });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => invoke(emailer(i % 2 === 0 ? ['emails'] : []), {})),
    );
    results.forEach((result, i) => {
      expect(result.status, String(i)).toBe(i % 2 === 0 ? 'fulfilled' : 'rejected');
    });
  });

  it('without an environment, reads the process environment (the functions tests)', async () => {
    const invoke = createInvoker();
    await expect(invoke(emailer([]), {})).resolves.toBe(process.env[Env.queueUrl('emails')]);
  });
});
