import { actorOf } from '../../shared/core/caller.js';
import { parse } from '../../shared/core/validate.js';
import { getCoupon, useCoupon } from '../../shared/features/redemptions/coupons.js';
import {
  captureRedemption,
  getRedemption,
  reverseRedemption,
  voidRedemption,
} from '../../shared/features/redemptions/holds.js';
import { redeem } from '../../shared/features/redemptions/redeem.js';
import { listRewards, putReward } from '../../shared/features/redemptions/rewards.js';
import { redemptionBody, rewardBody, useCouponBody } from '../../shared/features/redemptions/schemas.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { adapters } from '../../shared/wiring/adapters.js';

export const handler = httpFunction(
  'redemptions',
  {
    listRewards: async () => ({ status: 200, body: await listRewards(adapters()) }),
    putReward: async ({ params, body, caller }) => {
      const { created, reward } = await putReward(
        adapters(),
        actorOf(caller),
        params.rewardId!,
        parse(rewardBody, body),
      );
      return { status: created ? 201 : 200, body: reward };
    },
    createRedemption: async ({ body, caller }) => ({
      status: 201,
      body: await redeem(adapters(), caller, parse(redemptionBody, body)),
    }),
    getRedemption: async ({ params, caller }) => ({
      status: 200,
      body: await getRedemption(adapters(), caller, params.redemptionId!),
    }),
    captureRedemption: async ({ params, caller }) => ({
      status: 200,
      body: await captureRedemption(adapters(), caller, params.redemptionId!),
    }),
    voidRedemption: async ({ params, caller }) => ({
      status: 200,
      body: await voidRedemption(adapters(), caller, params.redemptionId!),
    }),
    reverseRedemption: async ({ params, caller }) => ({
      status: 200,
      body: await reverseRedemption(adapters(), caller, params.redemptionId!),
    }),
    getCoupon: async ({ params, caller }) => ({
      status: 200,
      body: await getCoupon(adapters(), caller, params.code!),
    }),
    useCoupon: async ({ params, body, caller }) => ({
      status: 200,
      body: await useCoupon(adapters(), caller, params.code!, parse(useCouponBody, body)),
    }),
  },
  () => adapters(),
);
