/**
 * Endpoints of issues 10, 11 and 12 (CONTRACT §5.2–5.4) that the API's OpenAPI document does not
 * describe yet, written in openapi-typescript's form from the contract. `ApiPaths` (paths.ts)
 * takes a path from here only while the generated schema lacks it: as each endpoint lands, its
 * generated type replaces the one below, and the console's typecheck says where they differ.
 * Delete an entry once the generated schema has it.
 */
import type { components } from '../../../clients/typescript/schema';

type Problem = components['schemas']['Problem'];
type Money = { amount: number; currency: string };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Failure = { headers: { [name: string]: unknown }; content: { 'application/problem+json': Problem } };
/** Parameters as openapi-typescript writes them: `path` and `query` required only when they have required keys. */
type Params<Q, P> = { header?: never; cookie?: never } & ([P] extends [never]
  ? { path?: never }
  : { path: P }) &
  ([Q] extends [never] ? { query?: never } : Record<never, never> extends Q ? { query?: Q } : { query: Q });
type Operation<Q, P, Body, Status extends number, Result> = {
  parameters: Params<Q, P>;
  responses: { [S in Status]: Json<Result> } & { 400: Failure; 401: Failure; 403: Failure; 404: Failure };
} & ([Body] extends [never]
  ? { requestBody?: never }
  : { requestBody: { content: { 'application/json': Body } } });
type Get<Q, P, Result> = Operation<Q, P, never, 200, Result>;
type Page<T> = { items: T[]; nextCursor: string | null };
type PathItem<M> = M & { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

/** Each purchase's points by rule (CONTRACT §5.3), on purchases and their ledger entries. */
export interface BreakdownLine {
  ruleId: string;
  label: string;
  points: number;
}

export type AdjustmentReason = 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';

export interface Adjustment {
  adjustmentId: string;
  memberId: string;
  points: number;
  reason: AdjustmentReason;
  note?: string;
  status: 'applied' | 'pending_approval' | 'rejected';
  requestedBy: string | { partnerId: string; keyId: string };
  approvedBy?: string | { partnerId: string; keyId: string } | null;
  createdAt?: string;
}

export interface ImportView {
  importId: string;
  status: 'open' | 'completed';
  rows: { received: number; imported: number; failed: number };
}

export type ImportRow = {
  /** The row number in the file (1 = first member): names the row in errors, makes it idempotent. */
  row: number;
  memberId: string;
  name?: string;
  email?: string;
  phone?: string;
  birthday?: string;
  locale?: 'zh-CN' | 'en';
  enrolledAt: string;
  tier?: string;
  qualifyingSpend?: number;
  marketingConsent?: boolean;
  lastPurchaseAt?: string;
  balances?: { points: number; earnedAt: string }[];
};

export interface ImportError {
  row: number;
  memberId: string | null;
  code: string;
  detail: string;
}

export interface SimulateBody {
  memberId?: string;
  tier?: string;
  purchase: {
    storeId: string;
    occurredAt: string;
    currency: string;
    amount: number;
    items?: { sku: string; category?: string; quantity: number; amount: number }[];
  };
  draft?: Record<string, unknown>;
}

export interface SimulateResult {
  points: number;
  breakdown: BreakdownLine[];
  qualifyingSpend: Money;
}

export interface DailyRow {
  date: string;
  purchases: number;
  spend: Money;
  points: { issued: number; redeemed: number; expired: number; reversed: number; adjusted: number };
  members: { new: number };
  redemptions: number;
}

export interface LiabilityReport {
  points: number;
  value: Money;
  expiring: { month: string; points: number }[];
}

export interface SettlementReport {
  period: string;
  partners: {
    partnerId: string;
    issued: { points: number; value: Money };
    redeemed: { points: number; value: Money };
    net: Money;
  }[];
}

export interface SegmentsReport {
  asOf: string;
  segments: Record<string, number>;
}

type AdjustmentsQuery = { status?: Adjustment['status']; limit?: number; cursor?: string };
type PageQuery = { limit?: number; cursor?: string };

export interface PendingPaths {
  '/v1/members/{memberId}/adjustments': PathItem<{
    post: Operation<
      never,
      { memberId: string },
      { adjustmentId: string; points: number; reason: AdjustmentReason; note?: string },
      201,
      Adjustment
    >;
  }>;
  '/v1/adjustments': PathItem<{ get: Get<AdjustmentsQuery, never, Page<Adjustment>> }>;
  '/v1/adjustments/{adjustmentId}/approve': PathItem<{
    post: Operation<never, { adjustmentId: string }, never, 200, Adjustment>;
  }>;
  '/v1/adjustments/{adjustmentId}/reject': PathItem<{
    post: Operation<never, { adjustmentId: string }, never, 200, Adjustment>;
  }>;
  '/v1/admin/imports': PathItem<{
    post: Operation<
      never,
      never,
      { importId: string; options?: { enrolmentBonus?: boolean; welcomeEmail?: boolean } },
      201,
      ImportView
    >;
  }>;
  '/v1/admin/imports/{importId}': PathItem<{ get: Get<never, { importId: string }, ImportView> }>;
  '/v1/admin/imports/{importId}/rows': PathItem<{
    post: Operation<
      never,
      { importId: string },
      { rows: ImportRow[] },
      202,
      { received: number; imported: number; failed: number; errors?: ImportError[] }
    >;
  }>;
  '/v1/admin/imports/{importId}/complete': PathItem<{
    post: Operation<never, { importId: string }, never, 200, ImportView>;
  }>;
  '/v1/admin/imports/{importId}/errors': PathItem<{
    get: Get<PageQuery, { importId: string }, Page<ImportError>>;
  }>;
  '/v1/program/simulate': PathItem<{ post: Operation<never, never, SimulateBody, 200, SimulateResult> }>;
  '/v1/reports/daily': PathItem<{
    get: Get<
      { from: string; to: string; partnerId?: string; storeId?: string },
      never,
      { items: DailyRow[] }
    >;
  }>;
  '/v1/reports/liability': PathItem<{ get: Get<never, never, LiabilityReport> }>;
  '/v1/reports/settlement': PathItem<{ get: Get<{ period: string }, never, SettlementReport> }>;
  '/v1/reports/segments': PathItem<{ get: Get<never, never, SegmentsReport> }>;
}
