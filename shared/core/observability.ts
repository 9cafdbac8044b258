/**
 * Operational figures of every function: Powertools Metrics (CloudWatch embedded metric format,
 * one JSON line per invocation that CloudWatch turns into metrics) for business events, and
 * Powertools Tracer (X-Ray) around each invocation and each AWS SDK call. Every handler is
 * wrapped once, by the builders that make handlers (`httpFunction`, `queueConsumer`,
 * `streamConsumer`, `scheduledJob`), never in a handler file.
 *
 * Locally and in tests tracing is off (no X-Ray daemon; Powertools turns it off outside Lambda)
 * and the local runtime silences metrics unless `POWERTOOLS_METRICS_DISABLED=false` is set (they
 * would print a JSON line per invocation).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { BusinessMetric, defaultMetricsNamespace, serviceName } from './metricNames.js';

export { BusinessMetric, defaultMetricsNamespace, serviceName } from './metricNames.js';

export const tracer = new Tracer({ serviceName });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? defaultMetricsNamespace,
  serviceName,
});

/** Counts a business event in this invocation's metrics (published when it ends). */
export function count(metric: BusinessMetric, value = 1): void {
  if (value !== 0) metrics.addMetric(metric, MetricUnit.Count, value);
}

/** Counts a job's progress, by job (a metric of its own, with the job as a dimension). */
export function countJobProgress(job: string, processed: number, failed: number): void {
  if (processed === 0 && failed === 0) return;
  const single = metrics.singleMetric();
  single.addDimension('job', job);
  single.addMetric(BusinessMetric.jobItemsProcessed, MetricUnit.Count, processed);
  single.addMetric(BusinessMetric.jobItemsFailed, MetricUnit.Count, failed);
}

/** Publishes what the invocation counted; nothing (and no warning) when it counted nothing. */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * A handler traced as one X-Ray subsegment (cold start and service annotated, an error recorded)
 * whose metrics are published when it ends, however it ends.
 */
export function observed<E, R>(
  handler: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const segment = parent?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (parent && segment) {
      tracer.setSegment(segment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await handler(event, context);
    } catch (error) {
      if (segment && error instanceof Error) tracer.addErrorAsMetadata(error);
      throw error;
    } finally {
      if (parent && segment) {
        segment.close();
        tracer.setSegment(parent);
      }
      publishMetrics();
    }
  };
}
