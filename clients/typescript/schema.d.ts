/**
 * The Jifen API's types, generated from GET /openapi.json by openapi-typescript.
 * Do not edit: run `npm run openapi:types` (test/http/openapi.test.ts checks this file is current).
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API described in OpenAPI 3.1 */
    get: operations['openapi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling key: its partner, id, scopes and stores (any valid key; the operator console's sign-in) */
    get: operations['whoAmI'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every partner */
    get: operations['listPartners'];
    put?: never;
    /** Create a partner */
    post: operations['createPartner'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{partnerId}/keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A partner's API keys (ids, scopes and stores; never the secrets) */
    get: operations['listKeys'];
    put?: never;
    /** Issue an API key to a partner (the key is shown only in this response) */
    post: operations['issueKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{partnerId}/stores/{storeId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Register a partner's store, or replace it (201 new, 200 replaced; audited). Store ids are read within their partner */
    put: operations['saveStore'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{partnerId}/stores': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A partner's registered stores, by id (paged) */
    get: operations['listStores'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{partnerId}/keys/{keyId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key */
    delete: operations['revokeKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enrol a member (idempotent on memberId) */
    post: operations['enrolMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{memberId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a member; email and phone are masked without pii:read */
    get: operations['getMember'];
    put?: never;
    post?: never;
    /** Erase personal data, keeping the anonymous ledger */
    delete: operations['eraseMember'];
    options?: never;
    head?: never;
    /** Change profile fields */
    patch: operations['updateMember'];
    trace?: never;
  };
  '/v1/members/{memberId}/transactions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The member's ledger entries, newest first */
    get: operations['listTransactions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/unsubscribe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Follows the unsubscribe link of a member email (a signed token); answers a small page */
    get: operations['unsubscribe'];
    put?: never;
    /** RFC 8058 one-click unsubscribe (List-Unsubscribe-Post) */
    post: operations['unsubscribeOneClick'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{memberId}/codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A single-use member code for the till: shown in the app (60 s), or sent to the member by email (5 minutes) */
    post: operations['issueMemberCode'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/purchases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept a purchase; its points are credited through the accrual queue */
    post: operations['createPurchase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/purchases/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept up to 100 purchases; each stands or falls alone */
    post: operations['createPurchaseBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/purchases/{purchaseId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A purchase's state and credited points */
    get: operations['getPurchase'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Refund (part of) a purchase, reversing its points in proportion */
    post: operations['createRefund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{memberId}/activities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Credit an activity (sign-in, review, share, survey) within its daily limit */
    post: operations['recordActivity'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/program/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What a purchase would earn, with its breakdown by rule, now or under a draft programme; writes nothing */
    post: operations['simulateEarning'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rewards': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The reward catalogue */
    get: operations['listRewards'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rewards/{rewardId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Create or replace a reward */
    put: operations['putReward'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/redemptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Redeem a reward, or pay with points (optionally as a hold) */
    post: operations['createRedemption'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/redemptions/{redemptionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A redemption */
    get: operations['getRedemption'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/redemptions/{redemptionId}/capture': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Capture a held payment */
    post: operations['captureRedemption'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/redemptions/{redemptionId}/void': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Void a held payment, returning its points */
    post: operations['voidRedemption'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/redemptions/{redemptionId}/reverse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reverse a completed redemption; the points return with their expiry dates */
    post: operations['reverseRedemption'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/coupons/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A coupon */
    get: operations['getCoupon'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/coupons/{code}/use': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Use a coupon once */
    post: operations['useCoupon'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/program': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The programme's rules in force, with its version */
    get: operations['getProgram'];
    /** Publish a new programme version, applying to events from its effective time */
    put: operations['putProgram'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/queues': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages waiting in each dead-letter queue, and the last redrive */
    get: operations['listDeadLetters'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/queues/{queue}/redrive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a queue’s dead letters back to it, once what made them fail is fixed */
    post: operations['redriveDeadLetters'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/ledger-check': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Checks every member's balances against the sum of their ledger entries */
    get: operations['ledgerCheck'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/jobs/{job}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start a job (expire-points, tier-review, release-holds) as of a date; the same date again has no second effect */
    post: operations['startJob'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/jobs/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The latest job runs (all jobs but the minute-by-minute ones), newest first */
    get: operations['listJobRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/jobs/runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A job run with its processed and failed counts */
    get: operations['getJobRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit trail of administrative acts, newest first */
    get: operations['listAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members, points issued, redeemed, expired and reversed over a period, the liability and tiers */
    get: operations['summaryReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/daily': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each day’s purchases, spend, points by kind, new members and redemptions; for a partner or a store */
    get: operations['dailyReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/liability': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Outstanding points, their value, and the points expiring in each of the next 12 months */
    get: operations['liabilityReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/settlement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A month’s settlement between the partners: points issued and redeemed at each, and the net */
    get: operations['settlementReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/segments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members by RFM segment, as the last monthly segments run named them */
    get: operations['segmentsReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reports/repurchase': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The repurchase rate of a month’s buyers */
    get: operations['repurchaseReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{memberId}/adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Credit or debit a member's points with a reason; above the programme's threshold it waits for another key's approval */
    post: operations['requestAdjustment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Adjustments by status (pending_approval: what waits for approval), newest first */
    get: operations['listAdjustments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adjustments/{adjustmentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An adjustment */
    get: operations['getAdjustment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adjustments/{adjustmentId}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve and apply a pending adjustment (a key other than the requester's) */
    post: operations['approveAdjustment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adjustments/{adjustmentId}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a pending adjustment (a key other than the requester's) */
    post: operations['rejectAdjustment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start an import of members and opening balances */
    post: operations['createImport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/imports/{importId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An import with its row counts */
    get: operations['getImport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/imports/{importId}/rows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import up to 1,000 rows; each row is idempotent and a bad row fails alone */
    post: operations['importRows'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/imports/{importId}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Complete an import: it takes no more rows */
    post: operations['completeImport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/imports/{importId}/errors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The import's failed rows with their codes, in row order */
    get: operations['listImportErrors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/exports/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every member with balances, tier and qualifying spend, up to 1,000 a page */
    get: operations['exportMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/exports/ledger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every ledger entry recorded in [from, to), up to 1,000 a page */
    get: operations['exportLedger'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description RFC 9457 problem details (application/problem+json) */
    Problem: {
      /** @description A URI naming the kind of problem: https://jifen.dev/problems/<code> */
      type: string;
      /** @description A short summary of the kind of problem */
      title: string;
      /** @description The HTTP status */
      status: number;
      /**
       * @description The stable machine-readable code; new codes may be added
       * @enum {string}
       */
      code:
        | 'unauthorized'
        | 'forbidden'
        | 'validation_failed'
        | 'not_found'
        | 'member_exists'
        | 'partner_exists'
        | 'idempotency_conflict'
        | 'insufficient_points'
        | 'reward_out_of_stock'
        | 'reward_not_eligible'
        | 'activity_limit_reached'
        | 'coupon_already_used'
        | 'invalid_state'
        | 'payload_too_large'
        | 'rate_limited'
        | 'member_code_invalid'
        | 'claim_window_closed'
        | 'same_approver'
        | 'unknown_store'
        | 'method_not_allowed'
        | 'unsupported_media_type'
        | 'internal_error';
      /** @description What went wrong with this request, for a person */
      detail?: string;
      /** @description The request id, also in the logs */
      instance?: string;
      /** @description With validation_failed: each bad field */
      errors?: {
        /** @description The bad field, dotted: items.0.sku */
        path: string;
        message: string;
      }[];
    };
    CreatePartnerResponse: {
      partnerId: string;
      name: string;
      createdAt: string;
    };
    SaveStoreResponse: {
      partnerId: string;
      /** @description Read within the partner: another partner's store of this id is another store */
      storeId: string;
      name: string;
      city: string | null;
      createdAt: string;
      updatedAt: string;
    };
    EnrolMemberResponse: {
      memberId: string;
      name: string | null;
      email: string | null;
      phone: string | null;
      birthday: string | null;
      /** @enum {string} */
      locale: 'zh-CN' | 'en';
      marketingConsent: boolean;
      /** @enum {string} */
      status: 'active' | 'erased';
      createdAt: string;
      tier: {
        code: string;
        name: string;
        since: string;
      };
      nextTier: {
        code: string;
        name: string;
        spendNeeded: {
          amount: number;
          currency: string;
        };
      } | null;
      qualifyingSpend: {
        amount: number;
        currency: string;
      };
      discountRate: number;
      points: {
        available: number;
        pending: number;
        /** @description Reserved by payment holds not yet captured or voided; not in `available` */
        held: number;
        expiring: {
          points: number;
          expiresAt: string;
        }[];
      };
      /** @description The RFM segment of the last monthly segments run; null before the member was first scored */
      segment: ('champions' | 'loyal' | 'potential' | 'new' | 'at_risk' | 'hibernating') | null;
    };
    IssueMemberCodeResponse: {
      /** @description 18 digits; only for the app channel */
      code?: string;
      expiresAt: string;
    };
    PutRewardResponse: {
      rewardId: string;
      name: string;
      pointsCost: number;
      kind: string;
      stock: number | null;
      minTier: string | null;
    };
    CreateImportResponse: {
      importId: string;
      /** @enum {string} */
      status: 'open' | 'completed';
      options: {
        enrolmentBonus: boolean;
        welcomeEmail: boolean;
      };
      rows: {
        /** @description Distinct rows received: imported + failed */
        received: number;
        imported: number;
        /** @description Rows whose last attempt failed (see …/errors) */
        failed: number;
      };
      createdAt: string;
      completedAt: string | null;
    };
  };
  responses: {
    /** @description Something went wrong on our side; the request may be retried with the same operation id. Codes: `internal_error`. */
    InternalError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'internal_error';
        };
      };
    };
    /** @description No key, or an unknown or revoked key. Codes: `unauthorized`. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'unauthorized';
        };
      };
    };
    /** @description Too many requests for now: retry after `Retry-After` seconds, with the same operation id. Codes: `rate_limited`. */
    RateLimited: {
      headers: {
        /** @description Seconds to wait before retrying */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'rate_limited';
        };
      };
    };
    /** @description The request is not valid; `errors` names each bad field. Codes: `validation_failed`. */
    ValidationFailed: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'validation_failed';
        };
      };
    };
    /** @description The key may not do this: it lacks the scope the operation needs (`x-required-scope`), or acts for a store it is not limited to. Codes: `forbidden`. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'forbidden';
        };
      };
    };
    /** @description In conflict with what is stored. Codes: `partner_exists`. */
    PartnerExists: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'partner_exists';
        };
      };
    };
    /** @description The body is over 256 KB. Codes: `payload_too_large`. */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'payload_too_large';
        };
      };
    };
    /** @description Not found, or not visible to this partner. Codes: `not_found`. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'not_found';
        };
      };
    };
    /** @description In conflict with what is stored. Codes: `member_exists`. */
    MemberExists: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'member_exists';
        };
      };
    };
    /** @description In conflict with what is stored. Codes: `invalid_state`. */
    InvalidState: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'invalid_state';
        };
      };
    };
    /** @description In conflict with what is stored. Codes: `idempotency_conflict`. */
    IdempotencyConflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'idempotency_conflict';
        };
      };
    };
    /** @description Understood, but the programme's rules refuse it. Codes: `unknown_store`. */
    UnknownStore: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'unknown_store';
        };
      };
    };
    /** @description Understood, but the programme's rules refuse it. Codes: `insufficient_points`. */
    InsufficientPoints: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'] & {
          /** @constant */
          code: 'insufficient_points';
        };
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
      500: components['responses']['InternalError'];
    };
  };
  openapi: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      500: components['responses']['InternalError'];
    };
  };
  whoAmI: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            partnerId: string;
            keyId: string;
            scopes: (
              | 'members:read'
              | 'members:write'
              | 'members:erase'
              | 'members:codes'
              | 'members:identity'
              | 'pii:read'
              | 'points:earn'
              | 'points:redeem'
              | 'points:adjust'
              | 'admin'
            )[];
            /** @description The stores the key may act for; null for every store */
            storeIds: string[] | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listPartners: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              partnerId: string;
              name: string;
              createdAt: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createPartner: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          partnerId: string;
          name: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatePartnerResponse'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatePartnerResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['PartnerExists'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listKeys: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        partnerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              keyId: string;
              partnerId: string;
              scopes: string[];
              storeIds: string[] | null;
              name: string | null;
              createdAt: string;
              revokedAt: string | null;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  issueKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        partnerId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description members:codes and admin only for keys of the operator partner (400 for any other partner) */
          scopes: (
            | 'members:read'
            | 'members:write'
            | 'members:erase'
            | 'members:codes'
            | 'members:identity'
            | 'pii:read'
            | 'points:earn'
            | 'points:redeem'
            | 'points:adjust'
            | 'admin'
          )[];
          name?: string;
          /** @description Limit the key to these stores; without it the key acts for every store of the partner */
          storeIds?: string[];
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            keyId: string;
            /** @description The secret API key. It is shown only in this response; store it safely. */
            key: string;
            partnerId: string;
            scopes: string[];
            storeIds: string[] | null;
            name: string | null;
            createdAt: string;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  saveStore: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        partnerId: string;
        storeId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          city?: string | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SaveStoreResponse'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SaveStoreResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listStores: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        partnerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              partnerId: string;
              /** @description Read within the partner: another partner's store of this id is another store */
              storeId: string;
              name: string;
              city: string | null;
              createdAt: string;
              updatedAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  revokeKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        partnerId: string;
        keyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  enrolMember: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          memberId: string;
          /** Format: email */
          email?: string;
          phone?: string;
          name?: string;
          /** Format: date */
          birthday?: string;
          /** @enum {string} */
          locale?: 'zh-CN' | 'en';
          marketingConsent?: boolean;
          referrerId?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnrolMemberResponse'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnrolMemberResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['MemberExists'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            memberId: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            birthday: string | null;
            /** @enum {string} */
            locale: 'zh-CN' | 'en';
            marketingConsent: boolean;
            /** @enum {string} */
            status: 'active' | 'erased';
            createdAt: string;
            tier: {
              code: string;
              name: string;
              since: string;
            };
            nextTier: {
              code: string;
              name: string;
              spendNeeded: {
                amount: number;
                currency: string;
              };
            } | null;
            qualifyingSpend: {
              amount: number;
              currency: string;
            };
            discountRate: number;
            points: {
              available: number;
              pending: number;
              /** @description Reserved by payment holds not yet captured or voided; not in `available` */
              held: number;
              expiring: {
                points: number;
                expiresAt: string;
              }[];
            };
            /** @description The RFM segment of the last monthly segments run; null before the member was first scored */
            segment: ('champions' | 'loyal' | 'potential' | 'new' | 'at_risk' | 'hibernating') | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  eraseMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  updateMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email?: string | null;
          phone?: string | null;
          name?: string | null;
          /** @description Once set, changing or removing it needs members:identity (audited member.birthday_changed) */
          birthday?: string | null;
          /** @enum {string} */
          locale?: 'zh-CN' | 'en';
          marketingConsent?: boolean;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            memberId: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            birthday: string | null;
            /** @enum {string} */
            locale: 'zh-CN' | 'en';
            marketingConsent: boolean;
            /** @enum {string} */
            status: 'active' | 'erased';
            createdAt: string;
            tier: {
              code: string;
              name: string;
              since: string;
            };
            nextTier: {
              code: string;
              name: string;
              spendNeeded: {
                amount: number;
                currency: string;
              };
            } | null;
            qualifyingSpend: {
              amount: number;
              currency: string;
            };
            discountRate: number;
            points: {
              available: number;
              pending: number;
              /** @description Reserved by payment holds not yet captured or voided; not in `available` */
              held: number;
              expiring: {
                points: number;
                expiresAt: string;
              }[];
            };
            /** @description The RFM segment of the last monthly segments run; null before the member was first scored */
            segment: ('champions' | 'loyal' | 'potential' | 'new' | 'at_risk' | 'hibernating') | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listTransactions: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @description For another partner’s entry an opaque id (`tx_…`) that names no operation of that partner */
              transactionId: string;
              /** @enum {string} */
              type:
                | 'earn'
                | 'bonus'
                | 'activity'
                | 'redeem'
                | 'hold'
                | 'release'
                | 'reversal'
                | 'expire'
                | 'adjust';
              /** @description Signed: + credit, − debit */
              points: number;
              createdAt: string;
              occurredAt: string;
              /**
               * @description Present on another partner’s entries (read through a partner’s key): they carry no reference, description, store, amount or breakdown
               * @constant
               */
              partner?: 'other';
              /** @description The operation, e.g. `purchase:P-1001`; absent on another partner’s entries */
              reference?: string;
              /** @description Absent on another partner’s entries */
              description?: string;
              reverses?: string;
              pendingUntil?: string;
              /** @description For purchase earnings: the points by rule */
              breakdown?: {
                /** @description base, item:<ruleId>, tier:<code>, birthday, campaign:<campaignId>, threshold */
                ruleId: string;
                label: string;
                points: number;
              }[];
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  unsubscribe: {
    parameters: {
      query: {
        /** @description The signed token of the email’s link */
        token: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description The request is not valid; `errors` names each bad field. Codes: `validation_failed`. A link that is not valid answers an HTML page. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
          'application/problem+json': components['schemas']['Problem'] & {
            /** @constant */
            code: 'validation_failed';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  unsubscribeOneClick: {
    parameters: {
      query: {
        /** @description The signed token of the email’s link */
        token: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description The request is not valid; `errors` names each bad field. Codes: `validation_failed`. A link that is not valid answers an HTML page. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
          'application/problem+json': components['schemas']['Problem'] & {
            /** @constant */
            code: 'validation_failed';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  issueMemberCode: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description app: the code is answered (valid 60 s); email: it is sent to the member (valid 5 minutes)
           * @default app
           * @enum {string}
           */
          channel?: 'app' | 'email';
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssueMemberCodeResponse'];
        };
      };
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssueMemberCodeResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createPurchase: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          purchaseId: string;
          memberId: string;
          storeId: string;
          /** Format: date-time */
          occurredAt: string;
          currency: string;
          /** @description Integer minor units (fen) */
          amount: number;
          items?: {
            sku: string;
            category?: string;
            quantity: number;
            amount: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            purchaseId: string;
            /** @constant */
            status: 'accepted';
            estimatedPoints: number;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['IdempotencyConflict'];
      413: components['responses']['PayloadTooLarge'];
      /** @description Understood, but the programme's rules refuse it. Codes: `claim_window_closed`, `unknown_store`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'claim_window_closed' | 'unknown_store';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createPurchaseBatch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          purchases: unknown[];
        };
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            results: {
              purchaseId: string | null;
              /** @enum {string} */
              status: 'accepted' | 'rejected';
              estimatedPoints?: number;
              error?: {
                code: string;
                detail: string;
                errors?: {
                  path: string;
                  message: string;
                }[];
              };
            }[];
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getPurchase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        purchaseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            purchaseId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'accepted' | 'credited' | 'rejected';
            amount: number;
            currency: string;
            occurredAt: string;
            points: number;
            availableAt: string | null;
            refundedAmount: number;
            pointsReversed: number;
            acceptedAt: string;
            creditedAt: string | null;
            reason?: string;
            /** @description Once credited: the points by rule, adding up to points */
            breakdown?: {
              /** @description base, item:<ruleId>, tier:<code>, birthday, campaign:<campaignId>, threshold */
              ruleId: string;
              label: string;
              points: number;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createRefund: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          refundId: string;
          purchaseId: string;
          amount: number;
          /** Format: date-time */
          occurredAt: string;
          /** @description The refunded lines: their item-rule and per-unit points are reversed with them */
          items?: {
            sku: string;
            quantity: number;
            amount: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            refundId: string;
            purchaseId: string;
            amount: number;
            pointsReversed: number;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description In conflict with what is stored. Codes: `idempotency_conflict`, `invalid_state`. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'idempotency_conflict' | 'invalid_state';
          };
        };
      };
      413: components['responses']['PayloadTooLarge'];
      /** @description Understood, but the programme's rules refuse it. Codes: `claim_window_closed`, `unknown_store`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'claim_window_closed' | 'unknown_store';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  recordActivity: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          activityId: string;
          /** @enum {string} */
          type: 'sign_in' | 'review' | 'share' | 'survey';
          /** Format: date-time */
          occurredAt: string;
          /** @description The store of the caller's partner where it happened (checked against the store registry when the programme requires it) */
          storeId?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            activityId: string;
            type: string;
            points: number;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['IdempotencyConflict'];
      413: components['responses']['PayloadTooLarge'];
      /** @description Understood, but the programme's rules refuse it. Codes: `activity_limit_reached`, `claim_window_closed`, `unknown_store`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'activity_limit_reached' | 'claim_window_closed' | 'unknown_store';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  simulateEarning: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Simulate for this member as they are now */
          memberId?: string;
          /** @description Or for a member of this tier: no purchase that day, not a first purchase, no birthday */
          tier?: string;
          purchase: {
            /** @description The store's partner (admin keys; other keys simulate at their own partner's stores) */
            partnerId?: string;
            /** @description A store of the partner (the caller's own unless partnerId says) */
            storeId: string;
            /** Format: date-time */
            occurredAt: string;
            currency: string;
            amount: number;
            items?: {
              sku: string;
              category?: string;
              quantity: number;
              amount: number;
            }[];
          };
          /** @description A published version, instead of the one in force */
          programVersion?: number;
          /** @description A programme body, validated as PUT /v1/program validates it, instead of a published version */
          draft?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            points: number;
            /** @description The points by rule; the lines add up to the points */
            breakdown: {
              /** @description base, item:<ruleId>, tier:<code>, birthday, campaign:<campaignId>, threshold */
              ruleId: string;
              label: string;
              points: number;
            }[];
            qualifyingSpend: {
              /** @description Minor units (fen) */
              amount: number;
              currency: string;
            };
            /** @description The version the answer is under (the draft would be this number) */
            programVersion: number;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listRewards: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              rewardId: string;
              name: string;
              pointsCost: number;
              kind: string;
              stock: number | null;
              minTier: string | null;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  putReward: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        rewardId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          pointsCost: number;
          /** @enum {string} */
          kind: 'coupon' | 'item' | 'service';
          /** @default null */
          stock?: number | null;
          /** @default null */
          minTier?: string | null;
          /** @description For coupon rewards: the coupon value in fen and how many days it is valid */
          coupon?: {
            value: number;
            validDays: number;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PutRewardResponse'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PutRewardResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createRedemption: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              redemptionId: string;
              /** @description The member; may be left out when memberCode is sent */
              memberId?: string;
              /** @description The 18-digit code the member shows at the till (their app, or an email); single use */
              memberCode?: string;
              storeId: string;
              rewardId: string;
            }
          | {
              redemptionId: string;
              /** @description The member; may be left out when memberCode is sent */
              memberId?: string;
              /** @description The 18-digit code the member shows at the till (their app, or an email); single use */
              memberCode?: string;
              storeId: string;
              payment: {
                points: number;
              };
              hold?: boolean;
            };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            redemptionId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'held' | 'completed' | 'voided' | 'reversed';
            points: number;
            rewardId: string | null;
            value: {
              amount: number;
              currency: string;
            } | null;
            holdExpiresAt: string | null;
            createdAt: string;
            coupon?: {
              code: string;
              value: {
                amount: number;
                currency: string;
              };
              expiresAt: string;
            };
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description In conflict with what is stored. Codes: `idempotency_conflict`, `reward_out_of_stock`. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'idempotency_conflict' | 'reward_out_of_stock';
          };
        };
      };
      413: components['responses']['PayloadTooLarge'];
      /** @description Understood, but the programme's rules refuse it. Codes: `insufficient_points`, `reward_not_eligible`, `member_code_invalid`, `unknown_store`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'insufficient_points' | 'reward_not_eligible' | 'member_code_invalid' | 'unknown_store';
          };
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getRedemption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        redemptionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            redemptionId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'held' | 'completed' | 'voided' | 'reversed';
            points: number;
            rewardId: string | null;
            value: {
              amount: number;
              currency: string;
            } | null;
            holdExpiresAt: string | null;
            createdAt: string;
            coupon?: {
              code: string;
              value: {
                amount: number;
                currency: string;
              };
              expiresAt: string;
            };
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  captureRedemption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        redemptionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            redemptionId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'held' | 'completed' | 'voided' | 'reversed';
            points: number;
            rewardId: string | null;
            value: {
              amount: number;
              currency: string;
            } | null;
            holdExpiresAt: string | null;
            createdAt: string;
            coupon?: {
              code: string;
              value: {
                amount: number;
                currency: string;
              };
              expiresAt: string;
            };
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  voidRedemption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        redemptionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            redemptionId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'held' | 'completed' | 'voided' | 'reversed';
            points: number;
            rewardId: string | null;
            value: {
              amount: number;
              currency: string;
            } | null;
            holdExpiresAt: string | null;
            createdAt: string;
            coupon?: {
              code: string;
              value: {
                amount: number;
                currency: string;
              };
              expiresAt: string;
            };
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  reverseRedemption: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        redemptionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            redemptionId: string;
            memberId: string;
            storeId: string;
            /** @enum {string} */
            status: 'held' | 'completed' | 'voided' | 'reversed';
            points: number;
            rewardId: string | null;
            value: {
              amount: number;
              currency: string;
            } | null;
            holdExpiresAt: string | null;
            createdAt: string;
            coupon?: {
              code: string;
              value: {
                amount: number;
                currency: string;
              };
              expiresAt: string;
            };
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getCoupon: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            memberId: string;
            value: {
              amount: number;
              currency: string;
            };
            /** @enum {string} */
            status: 'issued' | 'used' | 'expired' | 'voided';
            expiresAt: string;
            usedAt: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  useCoupon: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          storeId: string;
          orderId: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            memberId: string;
            value: {
              amount: number;
              currency: string;
            };
            /** @enum {string} */
            status: 'issued' | 'used' | 'expired' | 'voided';
            expiresAt: string;
            usedAt: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description In conflict with what is stored. Codes: `coupon_already_used`, `invalid_state`. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'coupon_already_used' | 'invalid_state';
          };
        };
      };
      413: components['responses']['PayloadTooLarge'];
      422: components['responses']['UnknownStore'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getProgram: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  putProgram: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listDeadLetters: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              queue: string;
              /** @description Messages waiting in the dead-letter queue (approximate) */
              waiting: number;
              lastRedrive: {
                /** @enum {string} */
                status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';
                moved: number;
                toMove: number;
                startedAt: string;
                failureReason: string | null;
              } | null;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  redriveDeadLetters: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        queue: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            queue: string;
            /** @description Messages being moved back */
            messages: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  ledgerCheck: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ok: boolean;
            membersChecked: number;
            mismatches: {
              [key: string]: unknown;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  startJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        job: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description Run as of this instant (backfill); default now
           */
          asOf?: string;
          period?: string;
        };
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            runId: string;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listJobRuns: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              runId: string;
              job: string;
              /** @enum {string} */
              status: 'running' | 'succeeded' | 'failed';
              asOf: string;
              period: string | null;
              processed: number;
              failed: number;
              startedAt: string;
              finishedAt: string | null;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getJobRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            runId: string;
            job: string;
            /** @enum {string} */
            status: 'running' | 'succeeded' | 'failed';
            asOf: string;
            period: string | null;
            processed: number;
            failed: number;
            startedAt: string;
            finishedAt: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listAudit: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        /** @description From this instant (default: 90 days before `to`) */
        from?: string;
        /** @description Until this instant, exclusive (default: now) */
        to?: string;
        action?:
          | 'partner.created'
          | 'key.issued'
          | 'key.revoked'
          | 'program.published'
          | 'reward.saved'
          | 'job.started'
          | 'queue.redriven'
          | 'member.erased'
          | 'member.birthday_changed'
          | 'member.contact_changed'
          | 'redemption.without_code'
          | 'member_codes.locked'
          | 'adjustment.applied'
          | 'adjustment.requested'
          | 'adjustment.approved'
          | 'adjustment.rejected'
          | 'import.created'
          | 'import.completed'
          | 'store.saved';
        /** @description Acts by keys of this partner */
        partnerId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              auditId: string;
              at: string;
              actor: {
                partnerId: string;
                keyId: string;
              };
              /** @enum {string} */
              action:
                | 'partner.created'
                | 'key.issued'
                | 'key.revoked'
                | 'program.published'
                | 'reward.saved'
                | 'job.started'
                | 'queue.redriven'
                | 'member.erased'
                | 'member.birthday_changed'
                | 'member.contact_changed'
                | 'redemption.without_code'
                | 'member_codes.locked'
                | 'adjustment.applied'
                | 'adjustment.requested'
                | 'adjustment.approved'
                | 'adjustment.rejected'
                | 'import.created'
                | 'import.completed'
                | 'store.saved';
              target: string;
              detail: {
                [key: string]: unknown;
              };
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  summaryReport: {
    parameters: {
      query: {
        from: string;
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from: string;
            to: string;
            /** @description The programme days the period touches, both included: the report counts whole days */
            days: {
              from: string;
              to: string;
            };
            members: {
              total: number;
              /** @description Enrolled in the period */
              new: number;
              /** @description Whose latest ledger entry other than expiry is in the period: for a period up to now, the members active in it */
              active: number;
            };
            points: {
              issued: number;
              /** @description Net of voided holds and reversed redemptions */
              redeemed: number;
              expired: number;
              /** @description Taken back by refunds */
              reversed: number;
              /** @description Every member’s balance now */
              outstanding: number;
            };
            liability: {
              /** @description Minor units (fen) */
              amount: number;
              currency: string;
            };
            /** @description redeemed / issued, to four places */
            redemptionRate: number;
            tiers: {
              [key: string]: number;
            };
          };
          'text/csv': string;
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  dailyReport: {
    parameters: {
      query: {
        /** @description First day, YYYY-MM-DD (programme time zone) */
        from: string;
        /** @description Last day, included; at most 366 days after `from` */
        to: string;
        /** @description Only what this partner’s keys did (new members: those it enrolled) */
        partnerId?: string;
        /** @description Only what happened at this store of `partnerId` (a store id is read within its partner) */
        storeId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              date: string;
              /** @description Purchases credited that day */
              purchases: number;
              /** @description Their amounts */
              spend: {
                amount: number;
                currency: string;
              };
              points: {
                /** @description Purchases, bonuses and activities */
                issued: number;
                /** @description Spent on rewards and payments, net of voided holds and reversed redemptions */
                redeemed: number;
                expired: number;
                /** @description Taken back by refunds */
                reversed: number;
                /** @description Signed */
                adjusted: number;
                /** @description The change of the outstanding points: issued − redeemed − expired − reversed + adjusted */
                net: number;
              };
              members: {
                /** @description Enrolled that day (by the partner, with `partnerId`) */
                new: number;
              };
              /** @description Redemptions that day, net of voided and reversed ones */
              redemptions: number;
              /** @description Redemptions by reward (net) */
              rewards: {
                [key: string]: number;
              };
            }[];
          };
          'text/csv': string;
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  liabilityReport: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Outstanding points: every member’s balance (available and pending, less debt) */
            points: number;
            /** @description Their value at the redemption rate (payments.pointsPerYuan) */
            value: {
              amount: number;
              currency: string;
            };
            /** @description Points (available and pending) by the month they expire, this month and the next 11; this month includes points past their date that the expiry job has not removed yet */
            expiring: {
              month: string;
              points: number;
            }[];
            /** @description Points expiring after those 12 months */
            later: number;
            /** @description Points that never expire */
            never: number;
            /** @description Points owed by members whose refunds took back points already spent */
            debt: number;
          };
          'text/csv': string;
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  settlementReport: {
    parameters: {
      query: {
        /** @description A programme month, YYYY-MM */
        period: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            period: string;
            partners: {
              partnerId: string;
              /** @description Points credited at its stores, less those its refunds took back */
              issued: {
                points: number;
                value: {
                  amount: number;
                  currency: string;
                };
              };
              /** @description Points spent at its stores; `value` also counts the programme coupons taken there */
              redeemed: {
                points: number;
                value: {
                  amount: number;
                  currency: string;
                };
                /** @description The programme's own coupons (birthday gifts) its tills took: part of `value`, paid by the programme */
                programmeCoupons: {
                  amount: number;
                  currency: string;
                };
              };
              /** @description value(redeemed) − value(issued): above zero the clearing house pays the line, below zero the line pays it */
              net: {
                amount: number;
                currency: string;
              };
            }[];
            /** @description The programme's lines as clearing house: with the partners' nets they sum to zero, to the fen */
            clearing: {
              /**
               * @description `adjustments` desk credits (issued) and debits (redeemed); `opening_balances` imported balances; `programme_coupons` coupons the programme issued (value); `unattributed` points moved without a partner otherwise; `breakage` expired points; `float` what the programme holds for what is outstanding (its points: the growth of outstanding points), balancing every other line
               * @enum {string}
               */
              line:
                | 'adjustments'
                | 'opening_balances'
                | 'programme_coupons'
                | 'unattributed'
                | 'breakage'
                | 'float';
              issued: {
                points: number;
                value: {
                  amount: number;
                  currency: string;
                };
              };
              redeemed: {
                points: number;
                value: {
                  amount: number;
                  currency: string;
                };
              };
              /** @description value(redeemed) − value(issued): above zero the clearing house pays the line, below zero the line pays it */
              net: {
                amount: number;
                currency: string;
              };
            }[];
          };
          'text/csv': string;
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  segmentsReport: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description When the members were scored (before the first run: now, with no segments) */
            asOf: string;
            runId: string | null;
            segments: {
              [key: string]: number;
            };
          };
          'text/csv': string;
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  repurchaseReport: {
    parameters: {
      query: {
        /** @description A programme month, YYYY-MM */
        period: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            period: string;
            /** @description Members with a purchase credited in the month */
            buyers: number;
            /** @description Buyers who had bought before the month */
            returning: number;
            /** @description Buyers with two or more purchases in the month */
            repeat: number;
            /** @description Buyers who bought again: before the month or a second time in it */
            repurchasers: number;
            /** @description repurchasers / buyers, to four places */
            rate: number;
          };
          'text/csv': string;
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  requestAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Your id of this adjustment: the same id and body again changes nothing */
          adjustmentId: string;
          /** @description + credit, − debit */
          points: number;
          /** @enum {string} */
          reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
          /** @description For the service desk; never shown to the member */
          note?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            adjustmentId: string;
            memberId: string;
            points: number;
            /** @enum {string} */
            reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
            note: string | null;
            /** @enum {string} */
            status: 'applied' | 'pending_approval' | 'rejected';
            /** @description The key that asked for it */
            requestedBy: {
              partnerId: string;
              keyId: string;
            };
            /** @description The other key that approved it (adjustments above the threshold) */
            approvedBy?: {
              partnerId: string;
              keyId: string;
            };
            rejectedBy?: {
              partnerId: string;
              keyId: string;
            };
            createdAt: string;
            /** @description When it was approved or rejected */
            decidedAt: string | null;
            /** @description Its ledger entry (type adjust), once applied */
            transactionId: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['IdempotencyConflict'];
      413: components['responses']['PayloadTooLarge'];
      422: components['responses']['InsufficientPoints'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listAdjustments: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        /** @description Only these; without it: pending first, then applied, then rejected, each newest first */
        status?: 'applied' | 'pending_approval' | 'rejected';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              adjustmentId: string;
              memberId: string;
              points: number;
              /** @enum {string} */
              reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
              note: string | null;
              /** @enum {string} */
              status: 'applied' | 'pending_approval' | 'rejected';
              /** @description The key that asked for it */
              requestedBy: {
                partnerId: string;
                keyId: string;
              };
              /** @description The other key that approved it (adjustments above the threshold) */
              approvedBy?: {
                partnerId: string;
                keyId: string;
              };
              rejectedBy?: {
                partnerId: string;
                keyId: string;
              };
              createdAt: string;
              /** @description When it was approved or rejected */
              decidedAt: string | null;
              /** @description Its ledger entry (type adjust), once applied */
              transactionId: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        adjustmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            adjustmentId: string;
            memberId: string;
            points: number;
            /** @enum {string} */
            reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
            note: string | null;
            /** @enum {string} */
            status: 'applied' | 'pending_approval' | 'rejected';
            /** @description The key that asked for it */
            requestedBy: {
              partnerId: string;
              keyId: string;
            };
            /** @description The other key that approved it (adjustments above the threshold) */
            approvedBy?: {
              partnerId: string;
              keyId: string;
            };
            rejectedBy?: {
              partnerId: string;
              keyId: string;
            };
            createdAt: string;
            /** @description When it was approved or rejected */
            decidedAt: string | null;
            /** @description Its ledger entry (type adjust), once applied */
            transactionId: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  approveAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        adjustmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            adjustmentId: string;
            memberId: string;
            points: number;
            /** @enum {string} */
            reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
            note: string | null;
            /** @enum {string} */
            status: 'applied' | 'pending_approval' | 'rejected';
            /** @description The key that asked for it */
            requestedBy: {
              partnerId: string;
              keyId: string;
            };
            /** @description The other key that approved it (adjustments above the threshold) */
            approvedBy?: {
              partnerId: string;
              keyId: string;
            };
            rejectedBy?: {
              partnerId: string;
              keyId: string;
            };
            createdAt: string;
            /** @description When it was approved or rejected */
            decidedAt: string | null;
            /** @description Its ledger entry (type adjust), once applied */
            transactionId: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      /** @description The key may not do this: it lacks the scope the operation needs (`x-required-scope`), or acts for a store it is not limited to. Codes: `forbidden`, `same_approver`. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'forbidden' | 'same_approver';
          };
        };
      };
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      422: components['responses']['InsufficientPoints'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  rejectAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        adjustmentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            adjustmentId: string;
            memberId: string;
            points: number;
            /** @enum {string} */
            reason: 'goodwill' | 'correction' | 'compensation' | 'migration' | 'other';
            note: string | null;
            /** @enum {string} */
            status: 'applied' | 'pending_approval' | 'rejected';
            /** @description The key that asked for it */
            requestedBy: {
              partnerId: string;
              keyId: string;
            };
            /** @description The other key that approved it (adjustments above the threshold) */
            approvedBy?: {
              partnerId: string;
              keyId: string;
            };
            rejectedBy?: {
              partnerId: string;
              keyId: string;
            };
            createdAt: string;
            /** @description When it was approved or rejected */
            decidedAt: string | null;
            /** @description Its ledger entry (type adjust), once applied */
            transactionId: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      /** @description The key may not do this: it lacks the scope the operation needs (`x-required-scope`), or acts for a store it is not limited to. Codes: `forbidden`, `same_approver`. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'] & {
            /** @enum {unknown} */
            code: 'forbidden' | 'same_approver';
          };
        };
      };
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  createImport: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Your id of this import; rows are sent to it in chunks */
          importId: string;
          options?: {
            /**
             * @description Credit the programme's enrolment bonus
             * @default false
             */
            enrolmentBonus?: boolean;
            /**
             * @description Send the welcome email to members with an email
             * @default false
             */
            welcomeEmail?: boolean;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreateImportResponse'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreateImportResponse'];
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['IdempotencyConflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  getImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        importId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            importId: string;
            /** @enum {string} */
            status: 'open' | 'completed';
            options: {
              enrolmentBonus: boolean;
              welcomeEmail: boolean;
            };
            rows: {
              /** @description Distinct rows received: imported + failed */
              received: number;
              imported: number;
              /** @description Rows whose last attempt failed (see …/errors) */
              failed: number;
            };
            createdAt: string;
            completedAt: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  importRows: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        importId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Rows, each validated alone: a bad row fails alone */
          rows: {
            /** @description The row number in the file (1 = first member); absent: its position in the import (the rows sent without a number, in the order they arrive). Send numbers to make resending a chunk change nothing */
            row?: number;
            memberId: string;
            name?: string;
            /** Format: email */
            email?: string;
            phone?: string;
            /** Format: date */
            birthday?: string;
            /** @enum {string} */
            locale?: 'zh-CN' | 'en';
            marketingConsent?: boolean;
            /** @description When the member joined the old programme */
            enrolledAt: string;
            /** @description A tier code of the programme; kept until the next monthly tier review */
            tier?: string;
            /** @description Qualifying spend over the trailing 12 months, in fen */
            qualifyingSpend?: number;
            /** @description The last purchase, for the tier review’s inactivity rule */
            lastPurchaseAt?: string;
            /** @description Opening balances, one lot each */
            balances?: {
              points: number;
              /** @description Expiry counts from here, by the programme’s policy */
              earnedAt: string;
            }[];
          }[];
        };
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Rows in this request */
            received: number;
            /** @description Rows this request imported */
            imported: number;
            /** @description Rows imported before with the same content: nothing changed */
            alreadyImported: number;
            failed: number;
            /** @description The failed rows of this request */
            errors: {
              row: number;
              memberId: string | null;
              /** @description validation_failed, member_exists, idempotency_conflict, … */
              code: string;
              detail: string;
            }[];
            /** @description Rows not written within the request’s time budget (the service was busy): send them again */
            unprocessed: number[];
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidState'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  completeImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        importId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            importId: string;
            /** @enum {string} */
            status: 'open' | 'completed';
            options: {
              enrolmentBonus: boolean;
              welcomeEmail: boolean;
            };
            rows: {
              /** @description Distinct rows received: imported + failed */
              received: number;
              imported: number;
              /** @description Rows whose last attempt failed (see …/errors) */
              failed: number;
            };
            createdAt: string;
            completedAt: string | null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  listImportErrors: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        importId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              row: number;
              memberId: string | null;
              /** @description validation_failed, member_exists, idempotency_conflict, … */
              code: string;
              detail: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  exportMembers: {
    parameters: {
      query?: {
        /** @description Items per page (a page may hold fewer; follow nextCursor until it is null) */
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              memberId: string;
              /** @enum {string} */
              status: 'active' | 'erased';
              name: string | null;
              email: string | null;
              phone: string | null;
              birthday: string | null;
              locale: string | null;
              marketingConsent: boolean;
              enrolledAt: string;
              tier: {
                code: string;
                since: string;
              };
              points: {
                available: number;
                pending: number;
                held: number;
              };
              /** @description What the available points are worth when paying with them (fen) */
              value: {
                amount: number;
                currency: string;
              };
              /** @description Trailing 12 months (fen) */
              qualifyingSpend: {
                amount: number;
                currency: string;
              };
              expiring: {
                points: number;
                expiresOn: string;
              }[];
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  exportLedger: {
    parameters: {
      query?: {
        /** @description Entries recorded from this instant (default: the beginning) */
        from?: string;
        /** @description Until this instant, exclusive (default: now) */
        to?: string;
        /** @description Items per page (a page may hold fewer; follow nextCursor until it is null) */
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              transactionId: string;
              memberId: string;
              type: string;
              points: number;
              /** @description The points’ value when paying with them (fen), signed */
              value: {
                amount: number;
                currency: string;
              };
              createdAt: string;
              occurredAt: string;
              reference: string;
              description: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['ValidationFailed'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
}
