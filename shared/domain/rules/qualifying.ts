/** Qualifying spend of refunds, when items excluded from it made a purchase qualify for less than its amount. */

/**
 * The part of a refund that comes off qualifying spend: in proportion to the purchase's qualifying
 * amount, rounded so that refunds of the whole purchase take off exactly what it added.
 */
export function qualifyingRefundFen(
  purchase: { readonly amountFen: number; readonly qualifyingFen?: number; readonly refundedFen: number },
  refundFen: number,
): number {
  const qualifying = purchase.qualifyingFen ?? purchase.amountFen;
  if (qualifying === purchase.amountFen) return refundFen;
  const share = (fen: number) => Number((BigInt(fen) * BigInt(qualifying)) / BigInt(purchase.amountFen));
  return share(purchase.refundedFen + refundFen) - share(purchase.refundedFen);
}
