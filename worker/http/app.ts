import { Hono } from "hono";
import { notFound, onError } from "./problem";
import { dlqRoutes } from "./routes/dlq";
import { eventRoutes } from "./routes/events";
import { healthRoutes } from "./routes/health";
import { metricsRoutes } from "./routes/metrics";
import { routeTableRoutes } from "./routes/routes";
import { tenantRoutes } from "./routes/tenants";

/** The HTTP API: JSON in, JSON out, every error as problem+json. */
export const app = new Hono<{ Bindings: Env }>()
  .route("/api/health", healthRoutes)
  .route("/api/events", eventRoutes)
  .route("/api/tenants", tenantRoutes)
  .route("/api/dlq", dlqRoutes)
  .route("/api/routes", routeTableRoutes)
  .route("/api/metrics", metricsRoutes);

app.notFound(notFound);
app.onError(onError);
