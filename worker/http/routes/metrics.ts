import { Hono } from "hono";
import { summarize } from "../../../agents/ops/histogram";
import { PRICES, priceMeter } from "../../../agents/ops/prices";
import { opsAgent } from "../../agent-stubs";

/**
 * Queue metrics and the billable-operation meter, priced. Counters are totals since
 * `since`; latencies are percentiles of fixed-bucket histograms merged per batch.
 */
export const metricsRoutes = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const ops = await opsAgent(c.env);
  const snapshot = await ops.readMetrics();
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
    billing: {
      operations: snapshot.meter,
      ...priceMeter(snapshot.meter),
      prices: PRICES,
    },
  });
});
