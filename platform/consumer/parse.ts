import { type FieldError, type MessageType, PermanentError, parseMessage } from "../../events";
import type { Middleware } from "./types";

/**
 * Parses each body into a catalog message. A body that does not parse, or whose type
 * this queue does not take, fails permanently: retrying cannot fix it.
 */
export function parse(accepts?: readonly MessageType[]): Middleware {
  return (next) => async (deliveries, ctx) => {
    for (const d of deliveries) {
      if (d.outcome) continue;
      const result = parseMessage(d.body);
      if (!result.ok) {
        const reason = `invalid message: ${describeFieldErrors(result.errors)}`;
        d.outcome = { status: "failed", error: new PermanentError(reason) };
      } else if (accepts && !accepts.includes(result.message.type)) {
        const reason = `${ctx.queue} does not take ${result.message.type} (it takes ${accepts.join(", ")})`;
        d.outcome = { status: "failed", error: new PermanentError(reason) };
      } else {
        d.message = result.message;
      }
    }
    await next(deliveries, ctx);
  };
}

function describeFieldErrors(errors: FieldError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join("; ");
}
