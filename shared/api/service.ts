/** The OpenAPI schemas of the service desk's operations: adjustments, imports and exports. */
import type { OperationOf } from '../system.js';
import { adjustmentBody, adjustmentListQuery, adjustmentView } from './adjustments.js';
import { pageOf } from './common.js';
import { exportLedgerQuery, exportMembersQuery, ledgerExportView, memberExportView } from './exports.js';
import {
  createImportBody,
  importErrorView,
  importRowsDocument,
  importRowsResult,
  importView,
} from './imports.js';
import type { OperationSchemas } from './operations.js';

export const serviceOperationSchemas: Record<OperationOf<'service'>, OperationSchemas> = {
  requestAdjustment: {
    body: adjustmentBody,
    status: 201,
    response: adjustmentView,
    errors: ['not_found', 'idempotency_conflict', 'insufficient_points'],
  },
  listAdjustments: {
    query: adjustmentListQuery,
    status: 200,
    response: pageOf(adjustmentView),
    paged: true,
  },
  getAdjustment: { status: 200, response: adjustmentView, errors: ['not_found'] },
  approveAdjustment: {
    status: 200,
    response: adjustmentView,
    errors: ['not_found', 'same_approver', 'insufficient_points', 'invalid_state'],
  },
  rejectAdjustment: {
    status: 200,
    response: adjustmentView,
    errors: ['not_found', 'same_approver', 'invalid_state'],
  },
  createImport: {
    body: createImportBody,
    status: 201,
    otherStatuses: [200],
    response: importView,
    errors: ['idempotency_conflict'],
  },
  getImport: { status: 200, response: importView, errors: ['not_found'] },
  importRows: {
    // Documented row by row; the handler parses the chunk with importRowsBody, then each row alone.
    body: importRowsDocument,
    status: 202,
    response: importRowsResult,
    errors: ['not_found', 'invalid_state'],
  },
  completeImport: { status: 200, response: importView, errors: ['not_found'] },
  listImportErrors: {
    status: 200,
    response: pageOf(importErrorView),
    paged: true,
    errors: ['not_found'],
  },
  exportMembers: { query: exportMembersQuery, status: 200, response: pageOf(memberExportView) },
  exportLedger: { query: exportLedgerQuery, status: 200, response: pageOf(ledgerExportView) },
};
