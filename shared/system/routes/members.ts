/** Members: enrolment, profile, erasure, codes, history, unsubscribe links. */
import { Scope } from '../../core/scopes.js';
import type { HttpRoute } from '../../system.js';

export const memberRoutes = [
  {
    method: 'POST',
    path: '/v1/members',
    operation: 'enrolMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Enrol a member (idempotent on memberId)',
  },
  {
    method: 'GET',
    path: '/v1/members/{memberId}',
    operation: 'getMember',
    fn: 'members',
    scope: Scope.membersRead,
    summary: 'Read a member; email and phone are masked without pii:read',
  },
  {
    method: 'PATCH',
    path: '/v1/members/{memberId}',
    operation: 'updateMember',
    fn: 'members',
    scope: Scope.membersWrite,
    summary: 'Change profile fields',
  },
  {
    method: 'DELETE',
    path: '/v1/members/{memberId}',
    operation: 'eraseMember',
    fn: 'members',
    scope: Scope.membersErase,
    summary: 'Erase personal data, keeping the anonymous ledger',
  },
  {
    method: 'GET',
    path: '/v1/members/{memberId}/transactions',
    operation: 'listTransactions',
    fn: 'members',
    scope: Scope.membersRead,
    summary: "The member's ledger entries, newest first",
  },
  {
    method: 'GET',
    path: '/v1/unsubscribe',
    operation: 'unsubscribe',
    fn: 'members',
    scope: null,
    summary: 'Follows the unsubscribe link of a member email (a signed token); answers a small page',
  },
  {
    method: 'POST',
    path: '/v1/unsubscribe',
    operation: 'unsubscribeOneClick',
    fn: 'members',
    scope: null,
    summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)',
  },
  {
    method: 'POST',
    path: '/v1/members/{memberId}/codes',
    operation: 'issueMemberCode',
    fn: 'members',
    scope: Scope.membersCodes,
    summary:
      'A single-use member code for the till: shown in the app (60 s), or sent to the member by email (5 minutes)',
  },
] as const satisfies readonly HttpRoute[];
