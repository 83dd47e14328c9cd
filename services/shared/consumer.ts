import { type FieldError, type Message, type MessageType, parseMessage } from "../../events";
import { retryDelaySeconds } from "../../worker/queues/backoff";
import { deadLetterNow } from "../../worker/queues/dead-letter";
import { type Fault, faultApplies, rollFault } from "../faults/config";
import { currentFault } from "../faults/fault-store";
import { PermanentError, TransientError } from "./errors";
import { SERVICE_QUEUES, type ServiceName } from "./names";
import type { CommandOutcome } from "./service-object";

/** How one service takes its commands off its queue. */
export type ServiceConsumer = {
  service: ServiceName;
  /** The command types it handles; anything else on its queue is dead-lettered. */
  accepts: readonly MessageType[];
  /** Hands one tenant's commands to the service (one call per tenant per batch). */
  deliver(env: Env, tenantId: string, messages: Message[]): Promise<CommandOutcome[]>;
};

type Item = { message: Message; raw: globalThis.Message<unknown> };

/**
 * The consumer of a service's command queue: parses each message, applies any injected
 * fault, hands the rest to the service grouped per tenant, then acks, retries with
 * backoff, or dead-letters each message on its own. A message that can never succeed
 * (unparseable, not this service's, a permanent failure) goes to the dead-letter queue
 * at once with its reason; nothing is dropped silently.
 */
export async function consumeCommands(
  batch: MessageBatch<unknown>,
  env: Env,
  consumer: ServiceConsumer,
): Promise<void> {
  const queue = SERVICE_QUEUES[consumer.service];
  const fault = await currentFault(env, consumer.service);
  const byTenant = new Map<string, Item[]>();

  for (const raw of batch.messages) {
    try {
      const message = accept(raw.body, consumer, fault);
      const items = byTenant.get(message.tenant_id) ?? [];
      items.push({ message, raw });
      byTenant.set(message.tenant_id, items);
    } catch (error) {
      await settle(env, queue, raw, error);
    }
  }

  await Promise.all(
    [...byTenant].map(async ([tenantId, items]) => {
      try {
        if (faultApplies(fault, tenantId) && fault.latency_ms > 0) {
          await scheduler.wait(fault.latency_ms);
        }
        const outcomes = await consumer.deliver(
          env,
          tenantId,
          items.map((item) => item.message),
        );
        for (const item of items) {
          const outcome = outcomes.find((o) => o.event_id === item.message.event_id);
          await settle(env, queue, item.raw, toError(outcome, consumer.service));
        }
      } catch (error) {
        for (const item of items)
          await settle(env, queue, item.raw, new TransientError(String(error)));
      }
    }),
  );
}

/** Parses a message and rolls the fault for it; throws when it must not reach the service. */
function accept(body: unknown, consumer: ServiceConsumer, fault: Fault | null): Message {
  const parsed = parseMessage(body);
  if (!parsed.ok) throw new PermanentError(`invalid message: ${describe(parsed.errors)}`);
  const message = parsed.message;
  if (!consumer.accepts.includes(message.type)) {
    throw new PermanentError(`the ${consumer.service} service does not handle ${message.type}`);
  }
  const effect = rollFault(fault, message.tenant_id, Math.random);
  if (effect === "permanent") {
    throw new PermanentError(
      `permanent failure: fault injected into the ${consumer.service} service`,
    );
  }
  if (effect === "transient") {
    throw new TransientError(
      `transient failure: fault injected into the ${consumer.service} service`,
    );
  }
  return message;
}

function toError(outcome: CommandOutcome | undefined, service: string): Error | null {
  if (!outcome) return new TransientError(`the ${service} service gave no outcome`);
  if (outcome.status === "applied" || outcome.status === "duplicate") return null;
  const reason = outcome.reason ?? `the ${service} service could not apply it`;
  return outcome.status === "rejected" ? new PermanentError(reason) : new TransientError(reason);
}

/** Acks (no error), dead-letters at once (permanent) or retries with backoff (anything else). */
async function settle(
  env: Env,
  queue: (typeof SERVICE_QUEUES)[ServiceName],
  raw: globalThis.Message<unknown>,
  error: unknown,
): Promise<void> {
  if (!error) {
    raw.ack();
    return;
  }
  if (error instanceof PermanentError) {
    await deadLetterNow(env, queue, raw, error.message);
    raw.ack();
    return;
  }
  console.warn(
    JSON.stringify({
      level: "warn",
      msg: "command failed; will retry",
      queue,
      id: raw.id,
      attempts: raw.attempts,
      error: String(error),
    }),
  );
  raw.retry({ delaySeconds: retryDelaySeconds(raw.attempts) });
}

function describe(errors: FieldError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join("; ");
}
