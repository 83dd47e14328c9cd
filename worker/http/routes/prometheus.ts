import { Hono } from "hono";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR_OR_SCRAPE } from "../../auth/access";
import { scrapeFamilies, topTenantsOf } from "../../metrics/prometheus";
import { readQueueBacklogs } from "../../metrics/queue-backlog";
import { TEXT_FORMAT_CONTENT_TYPE, writeTextFormat } from "../../metrics/text-format";

/**
 * `GET /metrics`: the Prometheus text exposition format (0.0.4), for operators and the
 * scrape token (auth/policy.ts). One OpsAgent call (queue metrics, the meter, the tenants
 * rolled up) and one `metrics()` per queue binding for the backlogs, in parallel; the
 * same figures as `GET /api/metrics`, whose JSON stays as it is. docs/OPERATIONS.md
 * lists every family.
 */
export const prometheusRoutes = new Hono<{ Bindings: Env }>().get(
  "/",
  access(OPERATOR_OR_SCRAPE),
  async (c) => {
    const [scrape, backlogs] = await Promise.all([
      opsAgent(c.env).readScrape(topTenantsOf(c.env)),
      readQueueBacklogs(c.env),
    ]);
    const text = writeTextFormat(
      scrapeFamilies({
        metrics: scrape.metrics,
        tenants: scrape.tenants,
        backlogs,
        nowMs: Date.now(),
      }),
    );
    return c.body(text, 200, {
      "content-type": TEXT_FORMAT_CONTENT_TYPE,
      "cache-control": "no-store",
    });
  },
);
