import { type Message, PermanentError } from "../../events";
import type { HandlerContext, MessageHandler } from "../../platform/consumer/types";
import type { CommandOutcome } from "../../platform/service/service-object";
import { withFaults } from "../faults/with-faults";
import type { ServiceName } from "./names";

/** How one service takes its commands. */
export type ServiceConsumer = {
  service: ServiceName;
  /** Hands one tenant's commands to the service (one call per tenant per batch). */
  deliver(env: Env, tenantId: string, messages: Message[]): Promise<CommandOutcome[]>;
};

/**
 * A service's queue handler, run inside the consumer middleware (which parses, keeps
 * only the service's types, and acks, retries with backoff or dead-letters each
 * message by how it failed), behind its injected fault (`withFaults`). The commands go
 * to the service's Durable Object, one call per tenant; each comes back applied,
 * duplicate, rejected (can never succeed: dead-lettered) or to be retried.
 */
export function serviceHandler(consumer: ServiceConsumer): MessageHandler {
  return withFaults(consumer.service, async (messages, env, ctx) => {
    const byTenant = new Map<string, Message[]>();
    for (const message of messages) {
      byTenant.set(message.tenant_id, [...(byTenant.get(message.tenant_id) ?? []), message]);
    }
    ctx.report.doRequests(byTenant.size);
    await Promise.all(
      [...byTenant].map(async ([tenantId, batch]) => {
        try {
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
  });
}

function settle(
  message: Message,
  outcome: CommandOutcome | undefined,
  service: string,
  ctx: HandlerContext,
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
