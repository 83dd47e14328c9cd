import { type Message, parseMessage } from "../../events";
import { retryDelaySeconds } from "../../worker/queues/backoff";
import { deadLetterNow } from "../../worker/queues/dead-letter";

type Raw = globalThis.Message<unknown>;

/**
 * The research service's consumer of `research-commands`: parses each command, hands
 * them to the tenant's research shard (one call per tenant per batch), then acks or
 * retries each message on its own. A message that is not a valid `research.requested`
 * can never succeed: it goes to the dead-letter queue at once with the reason.
 */
export async function handleResearchCommands(
  batch: MessageBatch<unknown>,
  env: Env,
): Promise<void> {
  const byTenant = new Map<string, { command: Message<"research.requested">; raw: Raw }[]>();
  for (const raw of batch.messages) {
    const parsed = parseMessage(raw.body);
    if (!parsed.ok || parsed.message.type !== "research.requested") {
      const reason = parsed.ok
        ? `research-commands takes research.requested, not ${parsed.message.type}`
        : `invalid message: ${parsed.errors
            .slice(0, 5)
            .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
            .join("; ")}`;
      await deadLetterNow(env, "research-commands", raw, reason);
      raw.ack();
      continue;
    }
    const command = parsed.message;
    const group = byTenant.get(command.tenant_id) ?? [];
    group.push({ command, raw });
    byTenant.set(command.tenant_id, group);
  }

  await Promise.all(
    [...byTenant].map(async ([tenantId, items]) => {
      try {
        await env.RESEARCH_SERVICE.getByName(tenantId).research(items.map((i) => i.command));
        for (const { raw } of items) raw.ack();
      } catch (error) {
        console.error(
          JSON.stringify({
            level: "warn",
            msg: "research failed; will retry",
            tenant_id: tenantId,
            event_ids: items.map((i) => i.command.event_id),
            error: String(error),
          }),
        );
        for (const { raw } of items) raw.retry({ delaySeconds: retryDelaySeconds(raw.attempts) });
      }
    }),
  );
}
