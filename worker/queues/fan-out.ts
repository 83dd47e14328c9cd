import { sendAll } from "../../agents/shared/send-all";
import { type FieldError, type Message, parseMessage } from "../../events";
import { tenantAgent } from "../agent-stubs";
import { resolveRoutes } from "../routing/resolve";
import { routeTable } from "../routing/route-table";
import { retryDelaySeconds } from "./backoff";
import { deadLetterNow } from "./dead-letter";
import { type ConsumedQueueName, isConsumedQueue, producerFor } from "./names";

type Delivery = { message: Message; raw: Message_ };
type Message_ = globalThis.Message<unknown>;

/**
 * The fan-out consumer of `events` and `agent-commands`: parses each message, routes it
 * by the route table, delivers to tenant agents grouped per tenant (one call per tenant
 * per batch) and forwards to queues, then acks or retries each message on its own.
 */
export async function fanOut(
  batch: MessageBatch<unknown>,
  env: Env,
  queue: ConsumedQueueName,
): Promise<void> {
  const byTenant = new Map<string, Delivery[]>();
  const byQueue = new Map<ConsumedQueueName, Delivery[]>();
  const failed = new Set<Message_>();
  const ready: Message_[] = [];

  for (const raw of batch.messages) {
    const parsed = parseMessage(raw.body);
    if (!parsed.ok) {
      await deadLetterNow(env, queue, raw, `invalid message: ${describe(parsed.errors)}`);
      raw.ack();
      continue;
    }
    const routes = resolveRoutes(routeTable.rules, parsed.message);
    if (routes.length === 0) {
      await deadLetterNow(env, queue, raw, `no route for type ${parsed.message.type}`);
      raw.ack();
      continue;
    }
    ready.push(raw);
    for (const { to } of routes) {
      const delivery = { message: parsed.message, raw };
      if (to.kind === "tenant-agent") push(byTenant, parsed.message.tenant_id, delivery);
      else if (to.kind === "queue" && isConsumedQueue(to.queue)) push(byQueue, to.queue, delivery);
      // The ops feed is fed by agents' coalesced summaries, not per message.
    }
  }

  const tenantCalls = [...byTenant].map(async ([tenantId, deliveries]) => {
    try {
      const agent = await tenantAgent(env, tenantId);
      await agent.applyEvents(deliveries.map((d) => d.message));
    } catch (error) {
      logFailure("tenant-agent", tenantId, deliveries, error);
      for (const d of deliveries) failed.add(d.raw);
    }
  });
  const queueSends = [...byQueue].map(async ([target, deliveries]) => {
    try {
      await sendAll(
        producerFor(env, target),
        deliveries.map((d) => d.message),
      );
    } catch (error) {
      logFailure("queue", target, deliveries, error);
      for (const d of deliveries) failed.add(d.raw);
    }
  });
  await Promise.all([...tenantCalls, ...queueSends]);

  // A message with several destinations is retried if any failed; the ones that
  // succeeded skip it next time by their own dedup.
  for (const raw of ready) {
    if (failed.has(raw)) raw.retry({ delaySeconds: retryDelaySeconds(raw.attempts) });
    else raw.ack();
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function describe(errors: FieldError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join("; ");
}

function logFailure(kind: string, target: string, deliveries: Delivery[], error: unknown): void {
  console.error(
    JSON.stringify({
      level: "warn",
      msg: "delivery failed; will retry",
      destination: kind,
      target,
      event_ids: deliveries.map((d) => d.message.event_id),
      error: String(error),
    }),
  );
}
