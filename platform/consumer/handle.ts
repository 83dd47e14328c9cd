import type { Message, MessageType } from "../../events";
import type { Delivery, HandlerContext, MessageHandler, Stage } from "./types";

/**
 * Runs a message handler as the innermost stage, over the parsed messages nothing has
 * settled yet. What the handler marks (`fail`, `duplicate`) stands; the rest is acked
 * when it returns, or fails with its error when it throws.
 */
export function handle<T extends MessageType>(handler: MessageHandler<T>): Stage {
  return async (deliveries, ctx) => {
    const pending = deliveries.filter(
      (d): d is Delivery & { message: Message } => d.message !== undefined && !d.outcome,
    );
    if (pending.length === 0) return;
    const byObject = new Map<Message, Delivery>(pending.map((d) => [d.message, d]));
    const byId = new Map<string, Delivery[]>();
    for (const d of pending)
      byId.set(d.message.event_id, [...(byId.get(d.message.event_id) ?? []), d]);
    // A handler may pass back a copy of a message; then every delivery of its id is meant.
    const find = (m: Message): Delivery[] => {
      const exact = byObject.get(m);
      return exact ? [exact] : (byId.get(m.event_id) ?? []);
    };
    const handlerCtx: HandlerContext = {
      queue: ctx.queue,
      report: ctx.report,
      background(work) {
        if (ctx.deps.background) ctx.deps.background(work);
        else void work.catch(() => undefined);
      },
      fail(message, error) {
        for (const d of find(message)) d.outcome = { status: "failed", error };
      },
      duplicate(message) {
        for (const d of find(message)) d.outcome ??= { status: "duplicate" };
      },
      held(message) {
        for (const d of find(message)) d.outcome ??= { status: "held" };
      },
    };
    try {
      // The parse stage let through only the types this consumer accepts (`T`).
      await handler(pending.map((d) => d.message) as Message<T>[], ctx.env, handlerCtx);
    } catch (error) {
      for (const d of pending) d.outcome ??= { status: "failed", error };
      return;
    }
    for (const d of pending) d.outcome ??= { status: "acked" };
  };
}
