import { parse } from '../../shared/core/validate.js';
import {
  dailyCsv,
  liabilityCsv,
  repurchaseCsv,
  segmentsCsv,
  settlementCsv,
  summaryCsv,
} from '../../shared/features/reports/csv.js';
import {
  dailyReport,
  liabilityReport,
  repurchaseReport,
  segmentsReport,
  settlementReport,
  summaryReport,
} from '../../shared/features/reports/reports.js';
import {
  dailyQuery,
  repurchaseQuery,
  settlementQuery,
  summaryQuery,
} from '../../shared/features/reports/schemas.js';
import { csvResult, wantsCsv } from '../../shared/http/csv.js';
import type { HttpRequest, HttpResult } from '../../shared/http/httpFunction.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { adapters, aggregateStore } from '../../shared/wiring/adapters.js';

const deps = () => ({ aggregates: aggregateStore(), programs: adapters().programs, clock: adapters().clock });

/** The report as JSON, or as CSV when the request accepts `text/csv`. */
function answer<T>(
  request: HttpRequest,
  report: T,
  csv: (report: T) => string,
  filename: string,
): HttpResult {
  return wantsCsv(request.headers) ? csvResult(filename, csv(report)) : { status: 200, body: report };
}

export const handler = httpFunction(
  'reports',
  {
    summaryReport: async (request) => {
      const range = parse(summaryQuery, { from: request.query.from, to: request.query.to }, 'The query');
      return answer(request, await summaryReport(deps(), range), summaryCsv, 'summary.csv');
    },
    dailyReport: async (request) => {
      const { from, to, partnerId, storeId } = request.query;
      const query = parse(dailyQuery, { from, to, partnerId, storeId }, 'The query');
      return answer(
        request,
        await dailyReport(deps(), query),
        dailyCsv,
        `daily-${query.from}-${query.to}.csv`,
      );
    },
    liabilityReport: async (request) =>
      answer(request, await liabilityReport(deps()), liabilityCsv, 'liability.csv'),
    settlementReport: async (request) => {
      const { period } = parse(settlementQuery, { period: request.query.period }, 'The query');
      return answer(
        request,
        await settlementReport(deps(), period),
        settlementCsv,
        `settlement-${period}.csv`,
      );
    },
    segmentsReport: async (request) =>
      answer(request, await segmentsReport(deps()), segmentsCsv, 'segments.csv'),
    repurchaseReport: async (request) => {
      const { period } = parse(repurchaseQuery, { period: request.query.period }, 'The query');
      return answer(
        request,
        await repurchaseReport(deps(), period),
        repurchaseCsv,
        `repurchase-${period}.csv`,
      );
    },
  },
  () => adapters(),
);
