import type { CommandQueueName } from "../../events/queue-names";

/** The reference services and the one command queue each consumes. */
export const SERVICE_QUEUES = {
  research: "research-commands",
  publisher: "publish-commands",
  social: "social-commands",
  analytics: "analytics-commands",
} as const satisfies Record<string, CommandQueueName>;

export type ServiceName = keyof typeof SERVICE_QUEUES;

// Object.keys widens to string[]; SERVICE_QUEUES is a closed literal, so the cast is exact.
export const SERVICE_NAMES = Object.keys(SERVICE_QUEUES) as ServiceName[];

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_QUEUES, name);
}
