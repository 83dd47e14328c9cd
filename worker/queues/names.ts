/** Queue names as in wrangler.jsonc, and the bindings that produce to them. */
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

/** The producer binding for a consumed queue. */
export function producerFor(env: Env, queue: ConsumedQueueName): Queue {
  switch (queue) {
    case "events":
      return env.EVENTS_QUEUE;
    case "agent-commands":
      return env.AGENT_COMMANDS_QUEUE;
    case "research-commands":
      return env.RESEARCH_COMMANDS_QUEUE;
    case "publish-commands":
      return env.PUBLISH_COMMANDS_QUEUE;
    case "social-commands":
      return env.SOCIAL_COMMANDS_QUEUE;
    case "analytics-commands":
      return env.ANALYTICS_COMMANDS_QUEUE;
  }
}

/** The dead-letter queue of a consumed queue (`<name>-dlq`). */
export function deadLetterQueueFor(env: Env, queue: ConsumedQueueName): Queue {
  switch (queue) {
    case "events":
      return env.EVENTS_DLQ;
    case "agent-commands":
      return env.AGENT_COMMANDS_DLQ;
    case "research-commands":
      return env.RESEARCH_COMMANDS_DLQ;
    case "publish-commands":
      return env.PUBLISH_COMMANDS_DLQ;
    case "social-commands":
      return env.SOCIAL_COMMANDS_DLQ;
    case "analytics-commands":
      return env.ANALYTICS_COMMANDS_DLQ;
  }
}

/** `events-dlq` → `events`; undefined for a queue that is not a dead-letter queue. */
export function sourceOfDeadLetterQueue(name: string): ConsumedQueueName | undefined {
  if (!name.endsWith("-dlq")) return undefined;
  const source = name.slice(0, -"-dlq".length);
  return isConsumedQueue(source) ? source : undefined;
}
