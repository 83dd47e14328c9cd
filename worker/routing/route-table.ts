import type { RouteTable } from "../../events";

/**
 * The fan-out route table: which destinations each message type reaches, and on what
 * condition. Data, not code: adding a subscriber is one line. Bump `version` with every
 * change; `GET /api/routes` shows the table with each rule's hit count.
 */
export const routeTable: RouteTable = {
  version: 2,
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
    // A published article is announced, as a social.post command, for tenants that want it.
    {
      id: "social-on-publish",
      match: "content.published",
      when: { tenant_setting: "social_enabled", equals: true },
      to: [
        {
          kind: "queue",
          queue: "social-commands",
          as: "social.post",
          map: { content_id: "payload.content_id", url: "payload.urls.0" },
        },
      ],
      description: "announce each published article when the tenant's social_enabled is on",
    },
    // Facts and commands addressed to the tenant's agent.
    { id: "agent-research", match: "research.completed", to: [{ kind: "tenant-agent" }] },
    { id: "agent-content-ready", match: "content.ready", to: [{ kind: "tenant-agent" }] },
    { id: "agent-content-published", match: "content.published", to: [{ kind: "tenant-agent" }] },
    { id: "agent-social", match: "social.posted", to: [{ kind: "tenant-agent" }] },
    { id: "agent-performance", match: "performance.report", to: [{ kind: "tenant-agent" }] },
    { id: "agent-cycle", match: "cycle.requested", to: [{ kind: "tenant-agent" }] },
    { id: "agent-refresh", match: "content.refresh", to: [{ kind: "tenant-agent" }] },
    // Platform events: the tenant's agent, and the operator's live feed.
    {
      id: "agent-platform",
      match: "tenant.*",
      to: [{ kind: "tenant-agent" }, { kind: "ops-feed" }],
    },
    {
      id: "agent-strategy",
      match: "strategy.*",
      to: [{ kind: "tenant-agent" }, { kind: "ops-feed" }],
    },
    {
      id: "agent-cycle-started",
      match: "cycle.started",
      to: [{ kind: "tenant-agent" }, { kind: "ops-feed" }],
    },
    {
      id: "agent-workflow-failed",
      match: "workflow.failed",
      to: [{ kind: "tenant-agent" }, { kind: "ops-feed" }],
    },
  ],
};
