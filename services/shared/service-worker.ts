import { Hono } from "hono";
import type { Consumer } from "../../platform/consumer/consume";
import { notFound, onError } from "../../platform/http/problem";
import { SERVICE_QUEUES, type ServiceName } from "./names";

/** A Hono app of a service's own read routes, mounted under its Worker. */
export type ServiceRoutes = Hono<{ Bindings: Env }>;

/**
 * One reference service as its own Worker: `queue()` takes its command queue (the
 * consumer pipeline around its handler), `fetch()` answers `GET /health` and the
 * service's read routes (by id), every error as problem+json. The platform Worker
 * composes the same handlers when everything runs in one dev session (worker/local.ts).
 */
export function serviceWorker(
  service: ServiceName,
  commands: Consumer,
  routes?: { path: string; app: ServiceRoutes },
): ExportedHandler<Env> {
  const app = new Hono<{ Bindings: Env }>();
  app.get("/health", (c) =>
    c.json({
      ok: true,
      service,
      queue: SERVICE_QUEUES[service],
      version: c.env.SWITCHBOARD_VERSION,
    }),
  );
  if (routes) app.route(routes.path, routes.app);
  app.notFound(notFound);
  app.onError(onError);
  return {
    fetch: (request, env, ctx) => app.fetch(request, env, ctx),
    async queue(batch, env, ctx) {
      if (batch.queue !== SERVICE_QUEUES[service]) {
        // A queue this service was not built for: leave its messages on it, and say so.
        console.error(
          JSON.stringify({
            level: "error",
            msg: "no consumer for queue",
            queue: batch.queue,
            service,
          }),
        );
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      await commands(batch, env, ctx);
    },
  };
}
