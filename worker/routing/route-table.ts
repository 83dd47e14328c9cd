import type { RouteRule } from "../../events";

/**
 * The fan-out route table: which destinations each message type reaches. Data, not
 * code: adding a subscriber is one line. Bump `version` with every change.
 */
export const routeTable: { version: number; rules: readonly RouteRule[] } = {
  version: 1,
  rules: [
    // Commands for the reference services: each to its own command queue.
    {
      id: "research-service",
      match: "research.requested",
      to: [{ kind: "queue", queue: "research-commands" }],
    },
    {
      id: "publisher-service",
      match: "content.publish",
      to: [{ kind: "queue", queue: "publish-commands" }],
    },
    {
      id: "social-service",
      match: "social.post",
      to: [{ kind: "queue", queue: "social-commands" }],
    },
    {
      id: "analytics-service",
      match: "performance.requested",
      to: [{ kind: "queue", queue: "analytics-commands" }],
    },
    // Facts and commands addressed to the tenant's agent.
    { id: "agent-research", match: "research.completed", to: [{ kind: "tenant-agent" }] },
    { id: "agent-content-ready", match: "content.ready", to: [{ kind: "tenant-agent" }] },
    { id: "agent-content-published", match: "content.published", to: [{ kind: "tenant-agent" }] },
    { id: "agent-social", match: "social.posted", to: [{ kind: "tenant-agent" }] },
    { id: "agent-performance", match: "performance.report", to: [{ kind: "tenant-agent" }] },
    { id: "agent-cycle", match: "cycle.requested", to: [{ kind: "tenant-agent" }] },
    { id: "agent-refresh", match: "content.refresh", to: [{ kind: "tenant-agent" }] },
    { id: "agent-platform", match: "tenant.*", to: [{ kind: "tenant-agent" }] },
    { id: "agent-strategy", match: "strategy.*", to: [{ kind: "tenant-agent" }] },
    { id: "agent-cycle-started", match: "cycle.started", to: [{ kind: "tenant-agent" }] },
    { id: "agent-workflow-failed", match: "workflow.failed", to: [{ kind: "tenant-agent" }] },
  ],
};
