import { Hono } from "hono";
import type { Consumer } from "../consumer/consume";
import { notFound, onError } from "../http/problem";
import { log } from "../log";

/** A Hono app of a service's own read routes, mounted under its Worker. */
export type ServiceRoutes = Hono<{ Bindings: Env }>;

/**
 * A service as its own Worker: `queue()` takes its command queue (the
 * consumer pipeline around its handler), `fetch()` answers `GET /health` and the
 * service's read routes (by id), every error as problem+json. The platform Worker
 * composes the same handlers when everything runs in one dev session (worker/local.ts).
 */
export function serviceWorker(
  service: string,
  /** The one command queue it consumes. */
  queue: string,
  commands: Consumer,
  routes?: { path: string; app: ServiceRoutes },
): ExportedHandler<Env> {
  const app = new Hono<{ Bindings: Env }>();
  app.get("/health", (c) =>
    c.json({
      ok: true,
      service,
      queue,
      version: c.env.SWITCHBOARD_VERSION,
    }),
  );
  if (routes) app.route(routes.path, routes.app);
  app.notFound(notFound);
  app.onError(onError);
  return {
    fetch: (request, env, ctx) => app.fetch(request, env, ctx),
    async queue(batch, env, ctx) {
      if (batch.queue !== queue) {
        // A queue this service was not built for: leave its messages on it, and say so.
        log({
          level: "error",
          msg: "no consumer for queue",
          queue: batch.queue,
          service,
        });
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      await commands(batch, env, ctx);
    },
  };
}
