import { type Context, Hono } from "hono";
import { notFound, onError } from "../../platform/http/problem";
import { count } from "../../platform/metrics/buffer";
import { faultRoutes } from "../../services";
import { researchReadApi } from "../../services/research/read-api";
import { authorize } from "../auth/authorize";
import { QuotaRefusal } from "../auth/rate-limit";
import { auditActions } from "./audit";
import { openApiRoutes } from "./openapi/route";
import { alertRoutes } from "./routes/alerts";
import { auditRoutes } from "./routes/audit";
import { dlqRoutes } from "./routes/dlq";
import { eventRoutes } from "./routes/events";
import { feedRoutes } from "./routes/feed";
import { healthRoutes } from "./routes/health";
import { lookupRoutes } from "./routes/lookup";
import { metricsRoutes } from "./routes/metrics";
import { opsOutageRoutes } from "./routes/ops-outage";
import { prometheusRoutes } from "./routes/prometheus";
import { replayRoutes } from "./routes/replay";
import { routeTableRoutes } from "./routes/routes";
import { runRoutes } from "./routes/runs";
import { serviceOutboxRoutes } from "./routes/service-outbox";
import { serviceReadRoutes } from "./routes/service-reads";
import { tenantRoutes } from "./routes/tenants";
import { traceRoutes } from "./routes/trace";
import { apiCors, apiSecurityHeaders } from "./security";

/**
 * The HTTP API: JSON in, JSON out, every error as problem+json. `authorize` decides who
 * may call what from the policy table in `../auth/policy.ts`: a new route needs a line there.
 */
export const app = new Hono<{ Bindings: Env }>()
  .use(apiSecurityHeaders)
  .use("/api/*", apiCors())
  // Around the gate and the routes: a line once the answer is known (http/audit.ts).
  .use("/api/*", auditActions())
  .use("/api/*", authorize())
  .use("/services/*", authorize())
  .use("/metrics", authorize())
  .route("/api/health", healthRoutes)
  .route("/api/openapi.json", openApiRoutes)
  .route("/api/events", eventRoutes)
  .route("/api/tenants", tenantRoutes)
  .route("/api/dlq", dlqRoutes)
  .route("/api/replay", replayRoutes)
  .route("/api/audit", auditRoutes)
  .route("/api/alerts", alertRoutes)
  .route("/api/routes", routeTableRoutes)
  .route("/api/metrics", metricsRoutes)
  .route("/metrics", prometheusRoutes)
  .route("/api/trace", traceRoutes)
  .route("/api/runs", runRoutes)
  .route("/api/lookup", lookupRoutes)
  .route("/api/feed", feedRoutes)
  .route("/api/ops-agent/outage", opsOutageRoutes)
  .route("/api/services", faultRoutes)
  .route("/api/services", serviceOutboxRoutes)
  .route("/services/research", researchReadApi)
  .route("/services", serviceReadRoutes);

app.notFound(notFound);
app.onError((error, c) => {
  // A tenant past its share is counted per tenant (the metrics flush carries it to the
  // OpsAgent, where `tenant_held_by_quota` alert rules read it), without delaying the answer.
  if (error instanceof QuotaRefusal)
    void count(c.env, waitUntilOf(c), { refusedFor: error.tenant });
  return onError(error, c);
});

/** The request's `waitUntil`, when it has one (`app.request` in tests has none). */
function waitUntilOf(c: Context): Pick<ExecutionContext, "waitUntil"> | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}
