import { type Message, type MessageType, PermanentError } from "../../events";
import { faultApplies, rollFault } from "../../events/faults";
import type { MessageHandler } from "../../platform/consumer/types";
import type { ServiceName } from "../shared/names";
import { currentFault } from "./fault-store";

/**
 * Wraps a service's queue handler with its injected fault: read once per batch, rolled
 * per command before the command reaches the service — permanent → a `PermanentError`
 * (the consumer dead-letters it at once), transient → a plain error (retried with
 * backoff) — so a failed command changes nothing and applies once when it is redriven.
 * With `latency_ms`, the batch waits that long before the service sees it.
 */
export function withFaults<T extends MessageType>(
  service: ServiceName,
  inner: MessageHandler<T>,
): MessageHandler<T> {
  return async (messages, env, ctx) => {
    const fault = await currentFault(env, service);
    if (!fault) return inner(messages, env, ctx);
    const passed: Message<T>[] = [];
    for (const message of messages) {
      // A Message<T> is a member of the Message union; TypeScript cannot see it for a generic T.
      const any = message as Message;
      const effect = rollFault(fault, any.tenant_id, Math.random);
      if (effect === "permanent") {
        ctx.fail(
          any,
          new PermanentError(`permanent failure: fault injected into the ${service} service`),
        );
      } else if (effect === "transient") {
        ctx.fail(any, new Error(`transient failure: fault injected into the ${service} service`));
      } else {
        passed.push(message);
      }
    }
    if (passed.length === 0) return;
    const slowed = passed.some((m) => faultApplies(fault, (m as Message).tenant_id));
    if (slowed && fault.latency_ms > 0) await scheduler.wait(fault.latency_ms);
    await inner(passed, env, ctx);
  };
}
