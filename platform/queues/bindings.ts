import type { ConsumedQueueName } from "../../events/queue-names";

/**
 * The queue bindings of this Worker by queue name (wrangler.jsonc): where a consumer
 * sends on, and where it dead-letters.
 */

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
