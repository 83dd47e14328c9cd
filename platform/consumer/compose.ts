import type { Middleware, Stage } from "./types";

/**
 * Composes middleware around a stage; the first is the outermost, so
 * `compose(a, b)(h)` runs a's before-part, b's, h, then b's after-part and a's.
 */
export function compose(...middlewares: Middleware[]): (inner: Stage) => Stage {
  return (inner) => middlewares.reduceRight<Stage>((next, middleware) => middleware(next), inner);
}
