/** Partners and their API keys (the operator). */
import { anyKey, Scope } from '../../core/scopes.js';
import type { HttpRoute } from '../../system.js';

export const partnerRoutes = [
  {
    method: 'GET',
    path: '/v1/me',
    operation: 'whoAmI',
    fn: 'partners',
    scope: anyKey,
    summary:
      "The calling key: its partner, id, scopes and stores (any valid key; the operator console's sign-in)",
  },
  {
    method: 'POST',
    path: '/v1/partners',
    operation: 'createPartner',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Create a partner',
  },
  {
    method: 'GET',
    path: '/v1/partners',
    operation: 'listPartners',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Every partner',
  },
  {
    method: 'GET',
    path: '/v1/partners/{partnerId}/keys',
    operation: 'listKeys',
    fn: 'partners',
    scope: Scope.admin,
    summary: "A partner's API keys (ids, scopes and stores; never the secrets)",
  },
  {
    method: 'POST',
    path: '/v1/partners/{partnerId}/keys',
    operation: 'issueKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Issue an API key to a partner (the key is shown only in this response)',
  },
  {
    method: 'PUT',
    path: '/v1/partners/{partnerId}/stores/{storeId}',
    operation: 'saveStore',
    fn: 'partners',
    scope: Scope.admin,
    summary:
      "Register a partner's store, or replace it (201 new, 200 replaced; audited). Store ids are read within their partner",
  },
  {
    method: 'GET',
    path: '/v1/partners/{partnerId}/stores',
    operation: 'listStores',
    fn: 'partners',
    scope: Scope.admin,
    summary: "A partner's registered stores, by id (paged)",
  },
  {
    method: 'DELETE',
    path: '/v1/partners/{partnerId}/keys/{keyId}',
    operation: 'revokeKey',
    fn: 'partners',
    scope: Scope.admin,
    summary: 'Revoke an API key',
  },
] as const satisfies readonly HttpRoute[];
