/** The SQS and SES emulators, in process, on loopback ports. */
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import { createSqsServer } from 'local-aws-sqs';
import type { RunningService } from './dynamodbLocal.js';
import { portOr } from './ports.js';

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

export async function startSqs(options: { port?: string } = {}): Promise<RunningService> {
  const port = await portOr(options.port);
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
    emulateLazyQueues: false,
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: closer(server) };
}

export async function startSes(options: { port?: string } = {}): Promise<RunningService> {
  const port = await portOr(options.port);
  // A CommonJS module whose default export arrives wrapped when imported from ESM.
  const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ??
    sesModule) as typeof sesModule;
  const server = await sesServer({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, stop: closer(server) };
}
