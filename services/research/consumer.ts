import type { Message } from "../../events";
import type { MessageHandler } from "../../platform/consumer/types";

/**
 * The research service's handler of `research-commands` (wrapped in the consumer
 * middleware, which parses, accepts only `research.requested`, logs, meters and settles
 * each message): hands the commands to the tenant's research shard, one call per
 * tenant per batch. When that call throws, each command is tried alone, so only the
 * ones that throw are retried with backoff; the shard dedupes by event_id, so a retry
 * never researches twice.
 */
export const handleResearchCommands: MessageHandler<"research.requested"> = async (
  messages,
  env,
  ctx,
) => {
  const byTenant = new Map<string, Message<"research.requested">[]>();
  for (const command of messages) {
    const group = byTenant.get(command.tenant_id) ?? [];
    group.push(command);
    byTenant.set(command.tenant_id, group);
  }
  ctx.report.doRequests(byTenant.size);
  await Promise.all(
    [...byTenant].map(async ([tenantId, commands]) => {
      try {
        await env.RESEARCH_SERVICE.getByName(tenantId).research(commands);
      } catch (error) {
        const [only] = commands;
        if (commands.length === 1 && only) return ctx.fail(only, error);
        // One command that throws must not fail its batch-mates: research each alone (the
        // shard dedupes, so what the failed call did already is not done twice).
        ctx.report.doRequests(commands.length);
        for (const command of commands) {
          try {
            await env.RESEARCH_SERVICE.getByName(tenantId).research([command]);
          } catch (alone) {
            ctx.fail(command, alone);
          }
        }
      }
    }),
  );
};
