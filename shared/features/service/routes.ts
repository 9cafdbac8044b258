/**
 * The service desk and migrations: point adjustments (with a second key's approval above the
 * programme's threshold), bulk imports of an existing programme, exports.
 */

import type { RouteDescription } from '../../core/manifest.js';
import { pageOf } from '../../core/schemas.js';
import { Scope } from '../../core/scopes.js';
import { adjustmentBody, adjustmentListQuery, adjustmentView } from './adjustmentSchemas.js';
import {
  exportLedgerQuery,
  exportMembersQuery,
  ledgerExportView,
  memberExportView,
} from './exportSchemas.js';
import {
  createImportBody,
  importErrorView,
  importRowsDocument,
  importRowsResult,
  importView,
} from './importSchemas.js';

export const serviceRoutes = [
  {
    method: 'POST',
    path: '/v1/members/{memberId}/adjustments',
    operation: 'requestAdjustment',
    fn: 'service',
    scope: Scope.pointsAdjust,
    summary:
      "Credit or debit a member's points with a reason; above the programme's threshold it waits for another key's approval",
    contract: {
      body: adjustmentBody,
      status: 201,
      response: adjustmentView,
      errors: ['not_found', 'idempotency_conflict', 'insufficient_points'],
    },
  },
  {
    method: 'GET',
    path: '/v1/adjustments',
    operation: 'listAdjustments',
    fn: 'service',
    scope: Scope.pointsAdjust,
    summary: 'Adjustments by status (pending_approval: what waits for approval), newest first',
    contract: {
      query: adjustmentListQuery,
      status: 200,
      response: pageOf(adjustmentView),
      paged: true,
    },
  },
  {
    method: 'GET',
    path: '/v1/adjustments/{adjustmentId}',
    operation: 'getAdjustment',
    fn: 'service',
    scope: Scope.pointsAdjust,
    summary: 'An adjustment',
    contract: { status: 200, response: adjustmentView, errors: ['not_found'] },
  },
  {
    method: 'POST',
    path: '/v1/adjustments/{adjustmentId}/approve',
    operation: 'approveAdjustment',
    fn: 'service',
    scope: Scope.pointsAdjust,
    summary: "Approve and apply a pending adjustment (a key other than the requester's)",
    contract: {
      status: 200,
      response: adjustmentView,
      errors: ['not_found', 'same_approver', 'insufficient_points', 'invalid_state'],
    },
  },
  {
    method: 'POST',
    path: '/v1/adjustments/{adjustmentId}/reject',
    operation: 'rejectAdjustment',
    fn: 'service',
    scope: Scope.pointsAdjust,
    summary: "Reject a pending adjustment (a key other than the requester's)",
    contract: {
      status: 200,
      response: adjustmentView,
      errors: ['not_found', 'same_approver', 'invalid_state'],
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/imports',
    operation: 'createImport',
    fn: 'service',
    scope: Scope.admin,
    summary: 'Start an import of members and opening balances',
    contract: {
      body: createImportBody,
      status: 201,
      otherStatuses: [200],
      response: importView,
      errors: ['idempotency_conflict'],
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/imports/{importId}',
    operation: 'getImport',
    fn: 'service',
    scope: Scope.admin,
    summary: 'An import with its row counts',
    contract: { status: 200, response: importView, errors: ['not_found'] },
  },
  {
    method: 'POST',
    path: '/v1/admin/imports/{importId}/rows',
    operation: 'importRows',
    fn: 'service',
    scope: Scope.admin,
    summary: 'Import up to 1,000 rows; each row is idempotent and a bad row fails alone',
    contract: {
      // Documented row by row; the handler parses the chunk with importRowsBody, then each row alone.
      body: importRowsDocument,
      status: 202,
      response: importRowsResult,
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/imports/{importId}/complete',
    operation: 'completeImport',
    fn: 'service',
    scope: Scope.admin,
    summary: 'Complete an import: it takes no more rows',
    contract: { status: 200, response: importView, errors: ['not_found'] },
  },
  {
    method: 'GET',
    path: '/v1/admin/imports/{importId}/errors',
    operation: 'listImportErrors',
    fn: 'service',
    scope: Scope.admin,
    summary: "The import's failed rows with their codes, in row order",
    contract: {
      status: 200,
      response: pageOf(importErrorView),
      paged: true,
      errors: ['not_found'],
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/exports/members',
    operation: 'exportMembers',
    fn: 'service',
    scope: Scope.admin,
    summary: 'Every member with balances, tier and qualifying spend, up to 1,000 a page',
    contract: { query: exportMembersQuery, status: 200, response: pageOf(memberExportView) },
  },
  {
    method: 'GET',
    path: '/v1/admin/exports/ledger',
    operation: 'exportLedger',
    fn: 'service',
    scope: Scope.admin,
    summary: 'Every ledger entry recorded in [from, to), up to 1,000 a page',
    contract: { query: exportLedgerQuery, status: 200, response: pageOf(ledgerExportView) },
  },
] as const satisfies readonly RouteDescription[];
