/** The operator: jobs, dead letters, the audit log and the ledger check. */
import { Scope } from '../../core/scopes.js';
import type { HttpRoute } from '../../system.js';

export const adminRoutes = [
  {
    method: 'GET',
    path: '/v1/admin/queues',
    operation: 'listDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Messages waiting in each dead-letter queue, and the last redrive',
  },
  {
    method: 'POST',
    path: '/v1/admin/queues/{queue}/redrive',
    operation: 'redriveDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Move a queue’s dead letters back to it, once what made them fail is fixed',
  },
  {
    method: 'GET',
    path: '/v1/reports/ledger-check',
    operation: 'ledgerCheck',
    fn: 'admin',
    scope: Scope.admin,
    summary: "Checks every member's balances against the sum of their ledger entries",
  },
  {
    method: 'POST',
    path: '/v1/admin/jobs/{job}',
    operation: 'startJob',
    fn: 'admin',
    scope: Scope.admin,
    summary:
      'Start a job (expire-points, tier-review, release-holds) as of a date; the same date again has no second effect',
  },
  {
    method: 'GET',
    path: '/v1/admin/jobs/runs',
    operation: 'listJobRuns',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'The latest job runs (all jobs but the minute-by-minute ones), newest first',
  },
  {
    method: 'GET',
    path: '/v1/admin/jobs/runs/{runId}',
    operation: 'getJobRun',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'A job run with its processed and failed counts',
  },
  {
    method: 'GET',
    path: '/v1/admin/audit',
    operation: 'listAudit',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'The audit trail of administrative acts, newest first',
  },
] as const satisfies readonly HttpRoute[];
