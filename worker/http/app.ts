import { Hono } from "hono";
import { faultRoutes, pageRoutes, serviceReadRoutes } from "../../services";
import { notFound, onError } from "./problem";
import { eventRoutes } from "./routes/events";
import { healthRoutes } from "./routes/health";
import { tenantRoutes } from "./routes/tenants";

/** The HTTP API: JSON in, JSON out, every error as problem+json. */
export const app = new Hono<{ Bindings: Env }>()
  .route("/api/health", healthRoutes)
  .route("/api/events", eventRoutes)
  .route("/api/tenants", tenantRoutes)
  .route("/api/services", faultRoutes)
  .route("/services", serviceReadRoutes)
  .route("/sites", pageRoutes);

app.notFound(notFound);
app.onError(onError);
