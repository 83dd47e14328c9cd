import { DEFAULT_TENANT_SETTINGS, type Message, PermanentError } from "../../events";
import type { FeedEntry } from "../../events/batch-report";
import { type ConsumedQueueName, isConsumedQueue } from "../../events/queue-names";
import type { HandlerContext, MessageHandler } from "../../platform/consumer/types";
import { producerFor } from "../../platform/queues/bindings";
import { sendBundled } from "../../platform/queues/send-all";
import { tenantAgent } from "../agent-stubs";
import { deriveCommand } from "../routing/derive";
import { hasRuleFor, readsSettings, resolveRoutes } from "../routing/resolve";
import { routeTable } from "../routing/route-table";
import { unknownTenants } from "../routing/tenant-registry";
import { loadTenantSettings } from "../routing/tenant-settings";

/** One message bound for a queue, with the message it came from (they differ when derived). */
type Forward = { body: Message; source: Message };

/**
 * The handler of `events` and `agent-commands`: routes each message by the route table
 * (type, then predicate over the envelope, payload and tenant settings) and delivers it
 * to every destination, grouped: one agent call per tenant, one send per target queue,
 * per batch; feed entries go with the batch's metrics (at most one OpsAgent call a
 * second per isolate), so the OpsAgent is never on the delivery path: while it is out of
 * reach, tenants this isolate knows keep receiving. A message is failed if any of its
 * destinations failed; the destinations that succeeded skip it next time by their own
 * dedup.
 */
export const fanOut: MessageHandler = async (messages, env, ctx) => {
  // Whether each tenant is registered: cached per isolate, so a warm batch asks nobody
  // (and a little old answer is refreshed behind the batch, not before it).
  const registry = await unknownTenants(
    env,
    messages.map((m) => m.tenant_id),
    { background: ctx.background },
  );
  if (registry.asked) ctx.report.doRequests(1);
  const unregistered = new Set(registry.unknown);
  // Settings only for the messages whose routes read them (content.published today).
  const needSettings = messages
    .filter((m) => !unregistered.has(m.tenant_id) && readsSettings(routeTable.rules, m.type))
    .map((m) => m.tenant_id);
  const lookup = await loadTenantSettings(env, needSettings, { background: ctx.background });
  if (lookup.asked) ctx.report.doRequests(1);
  ctx.report.sqlite(lookup.usage);
  // Tenants the registry or the settings could not be had for: retried, not judged.
  const unavailable = new Set([...registry.unavailable, ...lookup.unavailable]);

  const byTenant = new Map<string, Message[]>();
  const byQueue = new Map<ConsumedQueueName, Forward[]>();
  const feed: FeedEntry[] = [];
  const now = new Date();

  for (const message of messages) {
    if (unavailable.has(message.tenant_id)) {
      ctx.fail(
        message,
        new Error(
          `tenant ${message.tenant_id} could not be confirmed: the OpsAgent is out of reach`,
        ),
      );
      continue;
    }
    if (unregistered.has(message.tenant_id)) {
      ctx.fail(
        message,
        new PermanentError(
          `unknown tenant ${message.tenant_id}: register it (POST /api/tenants), then redrive`,
        ),
      );
      continue;
    }
    const settings = lookup.settings.get(message.tenant_id) ?? DEFAULT_TENANT_SETTINGS;
    if (!hasRuleFor(routeTable.rules, message.type)) {
      ctx.fail(message, new PermanentError(`no route for type ${message.type}`));
      continue;
    }
    const routes = resolveRoutes(routeTable.rules, message, settings);
    for (const rule of new Set(routes.map((r) => r.rule))) ctx.report.hitRule(rule);
    try {
      for (const { rule, to } of routes) {
        if (to.kind === "tenant-agent") push(byTenant, message.tenant_id, message);
        else if (to.kind === "ops-feed") feed.push(feedEntry(message));
        else if (!isConsumedQueue(to.queue)) {
          throw new PermanentError(`rule ${rule} names unknown queue ${to.queue}`);
        } else if (to.as) {
          const body = await deriveCommand(message, { ...to, as: to.as }, rule, now);
          push(byQueue, to.queue, { body, source: message });
        } else push(byQueue, to.queue, { body: message, source: message });
      }
    } catch (error) {
      // A rule that cannot build its command is a fault in the table, not in delivery.
      ctx.fail(
        message,
        error instanceof PermanentError ? error : new PermanentError(String(error)),
      );
    }
  }

  await Promise.all([
    ...[...byTenant].map(([tenant, batch]) => deliverToAgent(env, ctx, tenant, batch)),
    ...[...byQueue].map(([queue, forwards]) => forwardToQueue(env, ctx, queue, forwards)),
  ]);
  ctx.report.feed(feed);
};

async function deliverToAgent(
  env: Env,
  ctx: HandlerContext,
  tenant: string,
  messages: Message[],
): Promise<void> {
  try {
    ctx.report.doRequests(1);
    // The consumer passes the agent's totals on with its metrics, so the agent need not
    // report plain event traffic to the OpsAgent itself.
    const result = await tenantAgent(env, tenant).applyEvents(messages, { totalsReported: true });
    ctx.report.sqlite(result.usage);
    ctx.report.doRequests(result.usage.alarms);
    ctx.report.tenantTotals({
      tenant_id: tenant,
      ...result.totals,
      usage: {
        do_requests: 1 + result.usage.alarms,
        sqlite_rows_read: result.usage.rows_read,
        sqlite_rows_written: result.usage.rows_written,
      },
    });
    // Outcomes answer the messages in order: a redelivery that shares its id with an
    // applied copy in the same call is the duplicate, not both.
    messages.forEach((m, i) => {
      const status = result.outcomes[i]?.status;
      if (status === "duplicate") ctx.duplicate(m);
      // A paused tenant's agent keeps it (agents/tenant/pause.ts): acked, applied on resume.
      else if (status === "held") ctx.held(m);
    });
  } catch (error) {
    const [only] = messages;
    if (messages.length === 1 && only) {
      ctx.fail(only, error);
      return;
    }
    // The call was one transaction, so none of it stands. Deliver each message alone, in
    // order: a message that throws fails by itself, with its own reason, and its
    // batch-mates are applied (a failure that is not the message's fails each again).
    for (const m of messages) await deliverToAgent(env, ctx, tenant, [m]);
  }
}

async function forwardToQueue(
  env: Env,
  ctx: HandlerContext,
  queue: ConsumedQueueName,
  forwards: Forward[],
): Promise<void> {
  try {
    await sendBundled(
      producerFor(env, queue),
      forwards.map((f) => f.body),
    );
  } catch (error) {
    for (const f of forwards) ctx.fail(f.source, error);
  }
}

function feedEntry(m: Message): FeedEntry {
  return {
    event_id: m.event_id,
    type: m.type,
    tenant_id: m.tenant_id,
    timestamp: m.timestamp,
    correlation_id: m.correlation_id ?? null,
    payload: JSON.stringify(m.payload),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
