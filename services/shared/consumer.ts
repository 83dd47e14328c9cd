import { type Message, PermanentError } from "../../events";
import type { MessageHandler } from "../../worker/queues/consumer/types";
import { faultApplies, rollFault } from "../faults/config";
import { currentFault } from "../faults/fault-store";
import type { ServiceName } from "./names";
import type { CommandOutcome } from "./service-object";

/** How one service takes its commands. */
export type ServiceConsumer = {
  service: ServiceName;
  /** Hands one tenant's commands to the service (one call per tenant per batch). */
  deliver(env: Env, tenantId: string, messages: Message[]): Promise<CommandOutcome[]>;
};

/**
 * A service's queue handler, run inside the consumer middleware (which parses, keeps
 * only the service's types, and acks, retries with backoff or dead-letters each
 * message by how it failed). It rolls the service's injected fault per command —
 * permanent → a `PermanentError` (dead-lettered at once), transient → a plain error
 * (retried) — before anything reaches the service, so a failed command changes
 * nothing. The rest go to the service's Durable Object, one call per tenant.
 */
export function serviceHandler(consumer: ServiceConsumer): MessageHandler {
  return async (messages, env, ctx) => {
    const fault = await currentFault(env, consumer.service);
    const byTenant = new Map<string, Message[]>();
    for (const message of messages) {
      const effect = rollFault(fault, message.tenant_id, Math.random);
      if (effect === "permanent") {
        ctx.fail(
          message,
          new PermanentError(
            `permanent failure: fault injected into the ${consumer.service} service`,
          ),
        );
      } else if (effect === "transient") {
        ctx.fail(
          message,
          new Error(`transient failure: fault injected into the ${consumer.service} service`),
        );
      } else {
        byTenant.set(message.tenant_id, [...(byTenant.get(message.tenant_id) ?? []), message]);
      }
    }

    await Promise.all(
      [...byTenant].map(async ([tenantId, batch]) => {
        try {
          if (faultApplies(fault, tenantId) && fault.latency_ms > 0) {
            await scheduler.wait(fault.latency_ms);
          }
          const outcomes = await consumer.deliver(env, tenantId, batch);
          for (const message of batch) {
            const outcome = outcomes.find((o) => o.event_id === message.event_id);
            settle(message, outcome, consumer.service, ctx);
          }
        } catch (error) {
          for (const message of batch) ctx.fail(message, error);
        }
      }),
    );
  };
}

function settle(
  message: Message,
  outcome: CommandOutcome | undefined,
  service: string,
  ctx: Parameters<MessageHandler>[2],
): void {
  if (!outcome) {
    ctx.fail(message, new Error(`the ${service} service gave no outcome`));
  } else if (outcome.status === "duplicate") {
    ctx.duplicate(message);
  } else if (outcome.status === "rejected") {
    ctx.fail(message, new PermanentError(outcome.reason ?? `the ${service} service refused it`));
  } else if (outcome.status === "retry") {
    ctx.fail(message, new Error(outcome.reason ?? `the ${service} service failed this time`));
  }
  // applied: acked when the handler returns.
}
