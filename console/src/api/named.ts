/**
 * Named types the pages use, all derived from the generated OpenAPI client
 * (clients/typescript/schema.d.ts): nothing here is copied by hand, so a change to the API breaks
 * the console's typecheck where it matters.
 */
import type { BodyOf, ResultOf } from './paths';

/** Each purchase's points by rule (CONTRACT §5.3), on purchases and their ledger entries. */
export type BreakdownLine = NonNullable<ResultOf<'getPurchase'>['breakdown']>[number];

export type Adjustment = ResultOf<'getAdjustment'>;
export type AdjustmentReason = BodyOf<'requestAdjustment'>['reason'];

export type ImportView = ResultOf<'getImport'>;
export type ImportRow = BodyOf<'importRows'>['rows'][number];

export type SimulateResult = ResultOf<'simulateEarning'>;
