import * as z from 'zod';
import type { OperationSchemas } from '../features/contract.js';
import { type Route, routes } from '../system.js';
import {
  auditEntryView,
  auditQuery,
  deadLetterStateView,
  jobRunListView,
  jobRunView,
  startJobBody,
} from './admin.js';
import { pageOf } from './common.js';

export type { OperationSchemas } from '../features/contract.js';

const anyObject = z.object({}).loose();

/** The routes whose contract is already beside them, in their feature's routes.ts. */
type ContractRoute = Extract<Route, { contract: OperationSchemas }>;

/** The contracts of the operations not yet moved to their feature folder. */
const notYetInFeatures: Record<Exclude<Route['operation'], ContractRoute['operation']>, OperationSchemas> = {
  health: { status: 200, response: z.object({ status: z.literal('ok') }) },
  openapi: { status: 200, response: anyObject },
  startJob: {
    body: startJobBody,
    status: 202,
    response: z.object({ runId: z.string() }),
    errors: ['not_found'],
  },
  getJobRun: { status: 200, response: jobRunView, errors: ['not_found'] },
  listJobRuns: { status: 200, response: jobRunListView },
  listAudit: { query: auditQuery, status: 200, response: pageOf(auditEntryView), paged: true },
  listDeadLetters: { status: 200, response: z.object({ items: z.array(deadLetterStateView) }) },
  redriveDeadLetters: {
    status: 202,
    response: z.object({ queue: z.string(), messages: z.int().describe('Messages being moved back') }),
    errors: ['not_found', 'invalid_state'],
  },
  ledgerCheck: {
    status: 200,
    response: z.object({ ok: z.boolean(), membersChecked: z.int(), mismatches: z.array(anyObject) }),
  },
};

/** Request and response schemas of every operation, for the OpenAPI document. */
export const operationSchemas: Record<Route['operation'], OperationSchemas> = {
  ...notYetInFeatures,
  ...(Object.fromEntries<OperationSchemas>(
    routes.flatMap((route) => ('contract' in route ? [[route.operation, route.contract]] : [])),
  ) as Record<ContractRoute['operation'], OperationSchemas>),
};
