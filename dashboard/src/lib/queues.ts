/**
 * The queues the platform consumes, as wrangler.jsonc names them (worker/queues/names.ts
 * holds the same list; it cannot be imported here because it names Worker bindings).
 * Used to filter dead letters; a letter from a queue not listed still shows.
 */
export const CONSUMED_QUEUES = [
  "events",
  "agent-commands",
  "research-commands",
  "publish-commands",
  "social-commands",
  "analytics-commands",
] as const;
