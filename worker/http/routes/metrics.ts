import { Hono } from "hono";
import { z } from "zod";
import { PRICES, priceMeter } from "../../../agents/ops/prices";
import { aggregateSeries, bucketOf, SERIES_BUCKET_SECONDS } from "../../../agents/ops/series";
import { summarize } from "../../../events/histogram";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";

export const MetricsQuery = z.object({
  /** How far back `series` reaches. */
  minutes: z.coerce.number().int().min(1).max(60).default(15),
});

/**
 * Queue metrics and the billable-operation meter, priced. Counters are totals since
 * `since`; latencies are percentiles of fixed-bucket histograms merged per batch.
 * `series` is the same over time: all queues summed per 10-second bucket, for the last
 * `minutes` (buckets without activity are left out).
 */
export const metricsRoutes = new Hono<{ Bindings: Env }>().get("/", access(OPERATOR), async (c) => {
  const { minutes } = parseQuery(c, MetricsQuery);
  const ops = await opsAgent(c.env);
  const now = Date.now();
  const from = bucketOf(now - minutes * 60_000) + SERIES_BUCKET_SECONDS;
  const [snapshot, rows] = await Promise.all([ops.readMetrics(), ops.readMetricsSeries(from)]);
  return c.json({
    since: snapshot.since,
    queues: Object.fromEntries(
      snapshot.queues.map((q) => [
        q.queue,
        {
          ...q.counters,
          handler_ms: summarize(q.handler_ms),
          // How long messages waited on the queue before their batch started: the backlog as seen by its consumer.
          wait_ms: summarize(q.wait_ms),
        },
      ]),
    ),
    series: {
      bucket_seconds: SERIES_BUCKET_SECONDS,
      from: new Date(from * 1000).toISOString(),
      to: new Date(bucketOf(now) * 1000).toISOString(),
      points: aggregateSeries(rows),
    },
    billing: {
      operations: snapshot.meter,
      ...priceMeter(snapshot.meter),
      prices: PRICES,
    },
  });
});
