import { parse } from '../../shared/core/validate.js';
import { acceptPurchase, acceptPurchaseBatch } from '../../shared/features/purchases/accept.js';
import { recordActivity } from '../../shared/features/purchases/activity.js';
import { getPurchase } from '../../shared/features/purchases/read.js';
import type { PurchasesDeps } from '../../shared/features/purchases/records.js';
import { refundPurchase } from '../../shared/features/purchases/refund.js';
import {
  activityBody,
  purchaseBatchBody,
  purchaseBody,
  refundBody,
  simulateBody,
} from '../../shared/features/purchases/schemas.js';
import { simulateEarning } from '../../shared/features/purchases/simulate.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { accrualQueue, adapters } from '../../shared/wiring/adapters.js';

const deps = (): PurchasesDeps => ({ ...adapters(), accrualQueue: accrualQueue() });

export const handler = httpFunction(
  'purchases',
  {
    createPurchase: async ({ body, caller }) => ({
      status: 202,
      body: await acceptPurchase(deps(), caller, parse(purchaseBody, body)),
    }),
    createPurchaseBatch: async ({ body, caller }) => ({
      status: 202,
      body: await acceptPurchaseBatch(deps(), caller, parse(purchaseBatchBody, body).purchases),
    }),
    getPurchase: async ({ params, caller }) => ({
      status: 200,
      body: await getPurchase(deps(), caller, params.purchaseId!),
    }),
    createRefund: async ({ body, caller }) => ({
      status: 201,
      body: await refundPurchase(deps(), caller, parse(refundBody, body)),
    }),
    simulateEarning: async ({ body, caller }) => ({
      status: 200,
      body: await simulateEarning(adapters(), caller, parse(simulateBody, body)),
    }),
    recordActivity: async ({ body, caller, params }) => ({
      status: 201,
      body: await recordActivity(adapters(), caller, params.memberId!, parse(activityBody, body)),
    }),
  },
  () => adapters(),
);
