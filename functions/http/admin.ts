import { adapters, deadLettersDeps, jobsDeps } from '../../shared/adapters/adapters.js';
import { startJobBody, summaryQuery } from '../../shared/api/admin.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { parse } from '../../shared/http/validate.js';
import { listDeadLetters, redriveDeadLetters } from '../../shared/useCases/deadLetters.js';
import { getJobRun, startJob } from '../../shared/useCases/jobs.js';
import { ledgerCheck, summaryReport } from '../../shared/useCases/ledgerReads.js';

export const handler = httpFunction(
  'admin',
  {
    getProgram: async () => ({ status: 200, body: await adapters().programs.current() }),
    putProgram: async ({ body }) => ({ status: 200, body: await adapters().programs.publish(body) }),
    ledgerCheck: async () => ({ status: 200, body: await ledgerCheck(adapters()) }),
    summaryReport: async ({ query }) => ({
      status: 200,
      body: await summaryReport(
        adapters(),
        parse(summaryQuery, { from: query.from, to: query.to }, 'The query'),
      ),
    }),
    listDeadLetters: async () => ({ status: 200, body: await listDeadLetters(deadLettersDeps()) }),
    redriveDeadLetters: async ({ params }) => ({
      status: 202,
      body: await redriveDeadLetters(deadLettersDeps(), params.queue!),
    }),
    startJob: async ({ params, body }) => {
      const { runId } = await startJob(jobsDeps(), params.job!, parse(startJobBody, body ?? {}));
      return { status: 202, body: { runId } };
    },
    getJobRun: async ({ params }) => ({ status: 200, body: await getJobRun(jobsDeps(), params.runId!) }),
  },
  () => adapters(),
);
