import { activityBody } from '../../shared/api/activities.js';
import { purchaseBatchBody, purchaseBody, refundBody } from '../../shared/api/purchases.js';
import { simulateBody } from '../../shared/api/rules.js';
import { parse } from '../../shared/core/validate.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { recordActivity } from '../../shared/useCases/activities.js';
import {
  acceptPurchase,
  acceptPurchaseBatch,
  getPurchase,
  type PurchasesDeps,
  refundPurchase,
} from '../../shared/useCases/purchases.js';
import { simulateEarning } from '../../shared/useCases/simulate.js';
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
