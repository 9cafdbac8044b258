import { actorOf } from '../../shared/core/caller.js';
import { pageRequestOf } from '../../shared/core/paging.js';
import { parse } from '../../shared/core/validate.js';
import { listAudit } from '../../shared/features/operator/audit.js';
import { listDeadLetters, redriveDeadLetters } from '../../shared/features/operator/deadLetters.js';
import { ledgerCheck } from '../../shared/features/operator/ledgerCheck.js';
import { auditQuery, startJobBody } from '../../shared/features/operator/schemas.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { getJobRun, listJobRuns, startJob } from '../../shared/jobs/engine.js';
import { adapters, auditDeps, deadLettersDeps, jobsDeps } from '../../shared/wiring/adapters.js';

export const handler = httpFunction(
  'admin',
  {
    getProgram: async () => ({ status: 200, body: await adapters().programs.current() }),
    putProgram: async ({ body, caller }) => ({
      status: 200,
      body: await adapters().programs.publish(body, actorOf(caller)),
    }),
    ledgerCheck: async () => ({ status: 200, body: await ledgerCheck(adapters()) }),
    listDeadLetters: async () => ({ status: 200, body: await listDeadLetters(deadLettersDeps()) }),
    redriveDeadLetters: async ({ params, caller }) => ({
      status: 202,
      body: await redriveDeadLetters(deadLettersDeps(), actorOf(caller), params.queue!),
    }),
    startJob: async ({ params, body, caller }) => {
      const { runId } = await startJob(
        jobsDeps(),
        params.job!,
        parse(startJobBody, body ?? {}),
        actorOf(caller),
      );
      return { status: 202, body: { runId } };
    },
    listJobRuns: async () => ({ status: 200, body: await listJobRuns(jobsDeps()) }),
    getJobRun: async ({ params }) => ({ status: 200, body: await getJobRun(jobsDeps(), params.runId!) }),
    listAudit: async ({ query }) => ({
      status: 200,
      body: await listAudit(
        auditDeps(),
        parse(
          auditQuery,
          { from: query.from, to: query.to, action: query.action, partnerId: query.partnerId },
          'The query',
        ),
        pageRequestOf(query),
      ),
    }),
  },
  () => adapters(),
);
