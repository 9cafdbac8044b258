import { defineConfig } from 'vitest/config';

/**
 * Test files that start whole runtimes (`npm start` as a child process, each with its own DynamoDB
 * Local, and Chromium for the console): they run after the in-process files, two at a time, so
 * that a 2-core machine is never shared between four Java processes and timing-sensitive tests.
 * The provisioning test goes with them (it starts a DynamoDB Local of its own to build indexes in).
 */
const runtimes = [
  'test/local/*.e2e.test.ts',
  'test/console/console.test.ts',
  'test/adapters/provision.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/support/globalSetup.ts'],
    setupFiles: ['test/support/useEmulators.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['test/**/*.test.ts'],
          exclude: runtimes,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'runtimes', include: runtimes, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
