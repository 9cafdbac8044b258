/**
 * Proportional reversal: after refunds totalling R of a purchase of amount A that earned P points,
 * floor(P × R / A) points are reversed in all. Each refund reverses the difference, so refunds
 * adding up to the whole purchase reverse exactly P, whatever the split.
 */
export function pointsToReverse(input: {
  purchasePoints: number;
  purchaseAmountFen: number;
  refundedFenBefore: number;
  refundFen: number;
}): number | null {
  const { purchasePoints, purchaseAmountFen, refundedFenBefore, refundFen } = input;
  if (refundFen <= 0 || refundedFenBefore + refundFen > purchaseAmountFen) return null;
  const reversedBefore = Math.floor((purchasePoints * refundedFenBefore) / purchaseAmountFen);
  const reversedAfter = Math.floor((purchasePoints * (refundedFenBefore + refundFen)) / purchaseAmountFen);
  return reversedAfter - reversedBefore;
}
