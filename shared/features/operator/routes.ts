/** The operator: jobs, dead letters, the audit log and the ledger check. */
import * as z from 'zod';
import type { RouteDescription } from '../../core/manifest.js';
import { pageOf } from '../../core/schemas.js';
import { Scope } from '../../core/scopes.js';
import {
  auditEntryView,
  auditQuery,
  deadLetterStateView,
  jobRunListView,
  jobRunView,
  ledgerCheckView,
  startJobBody,
} from './schemas.js';

export const adminRoutes = [
  {
    method: 'GET',
    path: '/v1/admin/queues',
    operation: 'listDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Messages waiting in each dead-letter queue, and the last redrive',
    contract: { status: 200, response: z.object({ items: z.array(deadLetterStateView) }) },
  },
  {
    method: 'POST',
    path: '/v1/admin/queues/{queue}/redrive',
    operation: 'redriveDeadLetters',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'Move a queue’s dead letters back to it, once what made them fail is fixed',
    contract: {
      status: 202,
      response: z.object({ queue: z.string(), messages: z.int().describe('Messages being moved back') }),
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'GET',
    path: '/v1/reports/ledger-check',
    operation: 'ledgerCheck',
    fn: 'admin',
    scope: Scope.admin,
    summary: "Checks every member's balances against the sum of their ledger entries",
    contract: { status: 200, response: ledgerCheckView },
  },
  {
    method: 'POST',
    path: '/v1/admin/jobs/{job}',
    operation: 'startJob',
    fn: 'admin',
    scope: Scope.admin,
    summary:
      'Start a job (expire-points, tier-review, release-holds) as of a date; the same date again has no second effect',
    contract: {
      body: startJobBody,
      status: 202,
      response: z.object({ runId: z.string() }),
      errors: ['not_found'],
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/jobs/runs',
    operation: 'listJobRuns',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'The latest job runs (all jobs but the minute-by-minute ones), newest first',
    contract: { status: 200, response: jobRunListView },
  },
  {
    method: 'GET',
    path: '/v1/admin/jobs/runs/{runId}',
    operation: 'getJobRun',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'A job run with its processed and failed counts',
    contract: { status: 200, response: jobRunView, errors: ['not_found'] },
  },
  {
    method: 'GET',
    path: '/v1/admin/audit',
    operation: 'listAudit',
    fn: 'admin',
    scope: Scope.admin,
    summary: 'The audit trail of administrative acts, newest first',
    contract: { query: auditQuery, status: 200, response: pageOf(auditEntryView), paged: true },
  },
] as const satisfies readonly RouteDescription[];
