/** Reports from the daily aggregates (O(days)); each answers CSV too, with `Accept: text/csv`. */

import type { RouteDescription } from '../../core/manifest.js';
import { Scope } from '../../core/scopes.js';
import {
  dailyQuery,
  dailyReportView,
  liabilityView,
  repurchaseQuery,
  repurchaseView,
  segmentsView,
  settlementQuery,
  settlementView,
  summaryQuery,
  summaryReportView,
} from './schemas.js';

export const reportRoutes = [
  {
    method: 'GET',
    path: '/v1/reports/summary',
    operation: 'summaryReport',
    fn: 'reports',
    scope: Scope.admin,
    summary: 'Members, points issued, redeemed, expired and reversed over a period, the liability and tiers',
    contract: { query: summaryQuery, status: 200, response: summaryReportView, csv: true },
  },
  {
    method: 'GET',
    path: '/v1/reports/daily',
    operation: 'dailyReport',
    fn: 'reports',
    scope: Scope.admin,
    summary:
      'Each day’s purchases, spend, points by kind, new members and redemptions; for a partner or a store',
    contract: { query: dailyQuery, status: 200, response: dailyReportView, csv: true },
  },
  {
    method: 'GET',
    path: '/v1/reports/liability',
    operation: 'liabilityReport',
    fn: 'reports',
    scope: Scope.admin,
    summary: 'Outstanding points, their value, and the points expiring in each of the next 12 months',
    contract: { status: 200, response: liabilityView, csv: true },
  },
  {
    method: 'GET',
    path: '/v1/reports/settlement',
    operation: 'settlementReport',
    fn: 'reports',
    scope: Scope.admin,
    summary: 'A month’s settlement between the partners: points issued and redeemed at each, and the net',
    contract: { query: settlementQuery, status: 200, response: settlementView, csv: true },
  },
  {
    method: 'GET',
    path: '/v1/reports/segments',
    operation: 'segmentsReport',
    fn: 'reports',
    scope: Scope.admin,
    summary: 'Members by RFM segment, as the last monthly segments run named them',
    contract: { status: 200, response: segmentsView, csv: true },
  },
  {
    method: 'GET',
    path: '/v1/reports/repurchase',
    operation: 'repurchaseReport',
    fn: 'reports',
    scope: Scope.admin,
    summary: 'The repurchase rate of a month’s buyers',
    contract: { query: repurchaseQuery, status: 200, response: repurchaseView, csv: true },
  },
] as const satisfies readonly RouteDescription[];
