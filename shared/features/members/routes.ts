/** Members: enrolment, profile, erasure, codes, history, unsubscribe links; each route with its API contract. */

import type { RouteDescription } from '../../core/manifest.js';
import { pageOf } from '../../core/schemas.js';
import { Scope } from '../../core/scopes.js';
import {
  enrolMemberBody,
  issueMemberCodeBody,
  memberCodeView,
  memberView,
  transactionView,
  unsubscribeQuery,
  updateMemberBody,
} from './schemas.js';

export const memberRoutes = [
  {
    method: 'POST',
    path: '/v1/members',
    operation: 'enrolMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Enrol a member (idempotent on memberId)',
    contract: {
      body: enrolMemberBody,
      status: 201,
      otherStatuses: [200],
      response: memberView,
      errors: ['member_exists'],
    },
  },
  {
    method: 'GET',
    path: '/v1/members/{memberId}',
    operation: 'getMember',
    fn: 'members',
    scope: Scope.membersRead,
    summary: 'Read a member; email and phone are masked without pii:read',
    contract: { status: 200, response: memberView, errors: ['not_found'] },
  },
  {
    method: 'PATCH',
    path: '/v1/members/{memberId}',
    operation: 'updateMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Change profile fields',
    contract: {
      body: updateMemberBody,
      status: 200,
      response: memberView,
      errors: ['not_found', 'invalid_state'],
    },
  },
  {
    method: 'DELETE',
    path: '/v1/members/{memberId}',
    operation: 'eraseMember',
    fn: 'members',
    scope: Scope.membersErase,
    summary: 'Erase personal data, keeping the anonymous ledger',
    contract: { status: 204, errors: ['not_found'] },
  },
  {
    method: 'GET',
    path: '/v1/members/{memberId}/transactions',
    operation: 'listTransactions',
    fn: 'members',
    scope: Scope.membersRead,
    summary: "The member's ledger entries, newest first",
    contract: { status: 200, response: pageOf(transactionView), paged: true, errors: ['not_found'] },
  },
  {
    method: 'GET',
    path: '/v1/unsubscribe',
    operation: 'unsubscribe',
    fn: 'members',
    scope: null,
    summary: 'Follows the unsubscribe link of a member email (a signed token); answers a small page',
    contract: { query: unsubscribeQuery, status: 200, html: true, errors: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/v1/unsubscribe',
    operation: 'unsubscribeOneClick',
    fn: 'members',
    scope: null,
    summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)',
    contract: { query: unsubscribeQuery, status: 200, html: true, errors: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/v1/members/{memberId}/codes',
    operation: 'issueMemberCode',
    fn: 'members',
    scope: Scope.membersCodes,
    summary:
      'A single-use member code for the till: shown in the app (60 s), or sent to the member by email (5 minutes)',
    contract: {
      body: issueMemberCodeBody,
      status: 201,
      otherStatuses: [202],
      response: memberCodeView,
      errors: ['not_found', 'invalid_state'],
    },
  },
] as const satisfies readonly RouteDescription[];
