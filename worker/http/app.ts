import { Hono } from "hono";
import { researchReadApi } from "../../services/research/read-api";
import { notFound, onError } from "./problem";
import { eventRoutes } from "./routes/events";
import { feedRoutes } from "./routes/feed";
import { healthRoutes } from "./routes/health";
import { tenantRoutes } from "./routes/tenants";
import { traceRoutes } from "./routes/trace";

/** The HTTP API: JSON in, JSON out, every error as problem+json. */
export const app = new Hono<{ Bindings: Env }>()
  .route("/api/health", healthRoutes)
  .route("/api/events", eventRoutes)
  .route("/api/tenants", tenantRoutes)
  .route("/api/trace", traceRoutes)
  .route("/api/feed", feedRoutes)
  .route("/services/research", researchReadApi);

app.notFound(notFound);
app.onError(onError);
