/** The names of the business metrics, shared by the functions and the CDK dashboard (no Powertools here). */
export const serviceName = 'jifen';
/** The metrics' namespace; the stack sets `POWERTOOLS_METRICS_NAMESPACE` to `Jifen/<stage>`. */
export const defaultMetricsNamespace = 'Jifen';

/** The business events counted, as the dashboard shows them (CloudWatch metric names). */
export const BusinessMetric = {
  /** Purchases credited (the accrual consumer). */
  purchasesCredited: 'PurchasesCredited',
  /** Purchases the accrual consumer could not credit (unknown or erased member). */
  purchasesRejected: 'PurchasesRejected',
  /** Ledger facts folded by the aggregator, and what they moved. */
  accruals: 'Accruals',
  pointsIssued: 'PointsIssued',
  redemptions: 'Redemptions',
  pointsRedeemed: 'PointsRedeemed',
  pointsExpired: 'PointsExpired',
  newMembers: 'NewMembers',
  factsAggregated: 'FactsAggregated',
  emailsSent: 'EmailsSent',
  jobItemsProcessed: 'JobItemsProcessed',
  jobItemsFailed: 'JobItemsFailed',
} as const;
export type BusinessMetric = (typeof BusinessMetric)[keyof typeof BusinessMetric];
