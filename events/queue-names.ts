/** Queue names as in wrangler.jsonc (the bindings that produce to them: worker/queues/names.ts). */
export const COMMAND_QUEUES = [
  "research-commands",
  "publish-commands",
  "social-commands",
  "analytics-commands",
] as const;
export type CommandQueueName = (typeof COMMAND_QUEUES)[number];
export const CONSUMED_QUEUES = ["events", "agent-commands", ...COMMAND_QUEUES] as const;
export type ConsumedQueueName = (typeof CONSUMED_QUEUES)[number];

/**
 * `max_retries` of every consumed queue in wrangler.jsonc (a unit test keeps them
 * equal). On its last delivery a consumer dead-letters a failing message itself, with
 * the failure's reason, rather than letting the queue move it without one.
 */
export const MAX_RETRIES = 5;

export function isConsumedQueue(name: string): name is ConsumedQueueName {
  return (CONSUMED_QUEUES as readonly string[]).includes(name);
}

/** `events-dlq` → `events`; undefined for a queue that is not a dead-letter queue. */
export function sourceOfDeadLetterQueue(name: string): ConsumedQueueName | undefined {
  if (!name.endsWith("-dlq")) return undefined;
  const source = name.slice(0, -"-dlq".length);
  return isConsumedQueue(source) ? source : undefined;
}
