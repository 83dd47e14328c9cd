import { type Context, Hono } from "hono";
import { notFound, onError } from "../../platform/http/problem";
import { count } from "../../platform/metrics/buffer";
import { faultRoutes } from "../../services";
import { researchReadApi } from "../../services/research/read-api";
import { gate, guarded, OPERATOR, OPERATOR_OR_SERVICE } from "../auth/access";
import { QuotaRefusal } from "../auth/rate-limit";
import { auditActions } from "./audit";
import type { RouteEntry } from "./openapi/access";
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
 * The HTTP API: JSON in, JSON out, every error as problem+json. Each route declares who
 * may call it with `access(rule)` beside its handler (`../auth/access.ts`), or its whole
 * sub-app with `guarded(rule, …)` here; the `gate` in front sends a request to its
 * route's rule, and keeps a route without one (or an unknown path) to operators.
 */
export const app = new Hono<{ Bindings: Env }>()
  .use(apiSecurityHeaders)
  .use("/api/*", apiCors())
  // Around the gate and the routes: a line once the answer is known (http/audit.ts).
  .use("/api/*", auditActions())
  .use("/api/*", gate())
  .use("/services/*", gate())
  .use("/metrics", gate())
  .route("/api/health", healthRoutes)
  .route("/api/openapi.json", openApiRoutes(appRoutes))
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
  // Fault injection into the reference services (services/faults): operators only.
  .route("/api/services", guarded(OPERATOR, faultRoutes))
  .route("/api/services", serviceOutboxRoutes)
  // The research service's read API, by id: for operators and other services.
  .route("/services/research", guarded(OPERATOR_OR_SERVICE, researchReadApi))
  .route("/services", serviceReadRoutes);

/** The app's routes, for the OpenAPI document's access rules (read once the app exists). */
function appRoutes(): readonly RouteEntry[] {
  return app.routes;
}

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
