import { actorOf } from '../../shared/core/caller.js';
import { type PageRequest, pageRequestOf } from '../../shared/core/paging.js';
import { parse } from '../../shared/core/validate.js';
import { adjustmentBody, adjustmentListQuery } from '../../shared/features/service/adjustmentSchemas.js';
import {
  approveAdjustment,
  getAdjustment,
  listAdjustments,
  rejectAdjustment,
  requestAdjustment,
} from '../../shared/features/service/adjustments.js';
import { exportLedgerQuery, exportMembersQuery } from '../../shared/features/service/exportSchemas.js';
import { exportLedger, exportMembers } from '../../shared/features/service/exports.js';
import { createImportBody, importRowsBody } from '../../shared/features/service/importSchemas.js';
import {
  completeImport,
  createImport,
  getImport,
  importRows,
  listImportErrors,
} from '../../shared/features/service/imports.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { serviceDeps } from '../../shared/wiring/serviceAdapters.js';

/** Export pages go up to 1,000 items; the cursor is the API's usual opaque one. */
function exportPage(query: { limit: number; cursor?: string }): PageRequest {
  return { ...pageRequestOf({ cursor: query.cursor }), limit: query.limit };
}

export const handler = httpFunction(
  'service',
  {
    requestAdjustment: async ({ params, body, caller }) => ({
      status: 201,
      body: await requestAdjustment(serviceDeps(), caller, params.memberId!, parse(adjustmentBody, body)),
    }),
    listAdjustments: async ({ query }) => ({
      status: 200,
      body: await listAdjustments(
        serviceDeps(),
        parse(adjustmentListQuery, { status: query.status }, 'The query').status,
        pageRequestOf(query),
      ),
    }),
    getAdjustment: async ({ params }) => ({
      status: 200,
      body: await getAdjustment(serviceDeps(), params.adjustmentId!),
    }),
    approveAdjustment: async ({ params, caller }) => ({
      status: 200,
      body: await approveAdjustment(serviceDeps(), caller, params.adjustmentId!),
    }),
    rejectAdjustment: async ({ params, caller }) => ({
      status: 200,
      body: await rejectAdjustment(serviceDeps(), caller, params.adjustmentId!),
    }),
    createImport: async ({ body, caller }) => {
      const { created, import: view } = await createImport(
        serviceDeps(),
        actorOf(caller),
        parse(createImportBody, body),
      );
      return { status: created ? 201 : 200, body: view };
    },
    getImport: async ({ params }) => ({
      status: 200,
      body: await getImport(serviceDeps(), params.importId!),
    }),
    importRows: async ({ params, body }) => ({
      status: 202,
      body: await importRows(serviceDeps(), params.importId!, parse(importRowsBody, body).rows),
    }),
    completeImport: async ({ params, caller }) => ({
      status: 200,
      body: await completeImport(serviceDeps(), actorOf(caller), params.importId!),
    }),
    listImportErrors: async ({ params, query }) => ({
      status: 200,
      body: await listImportErrors(serviceDeps(), params.importId!, pageRequestOf(query)),
    }),
    exportMembers: async ({ query }) => ({
      status: 200,
      body: await exportMembers(
        serviceDeps(),
        exportPage(parse(exportMembersQuery, { limit: query.limit, cursor: query.cursor }, 'The query')),
      ),
    }),
    exportLedger: async ({ query }) => {
      const parsed = parse(
        exportLedgerQuery,
        { from: query.from, to: query.to, limit: query.limit, cursor: query.cursor },
        'The query',
      );
      return {
        status: 200,
        body: await exportLedger(serviceDeps(), { from: parsed.from, to: parsed.to }, exportPage(parsed)),
      };
    },
  },
  () => adapters(),
);
