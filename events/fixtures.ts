import type { MessageType, PayloadInputOf } from "./catalog";

// Test data, not part of the contract's public API (index.ts does not export it).
// Other folders' tests may import it for a valid message of any type.

/** A valid payload for every catalog type; the mapped type makes a missing one a compile error. */
export const payloadFixtures: { [K in MessageType]: PayloadInputOf<K> } = {
  "research.requested": { keywords: ["trail running shoes"], priority: "high" },
  "research.completed": { research_ids: ["r-1", "r-2"], keywords_researched: 2 },
  "content.ready": { content_id: "c-1", keyword: "trail running shoes", word_count: 1200 },
  "content.publish": { content_id: "c-1", keyword: "trail running shoes" },
  "content.published": {
    content_id: "c-1",
    urls: ["https://brand.example/blog/trail-running-shoes"],
    published_at: "2025-01-02T03:04:05Z",
  },
  "social.post": { content_id: "c-1", url: "https://brand.example/blog/trail-running-shoes" },
  "social.posted": { content_id: "c-1", post_ids: ["p-1"] },
  "performance.requested": { urls: ["https://brand.example/blog/a"], period: "28d" },
  "performance.report": {
    url: "https://brand.example/blog/a",
    impressions: 1000,
    clicks: 42,
    position: 7.5,
    period: "28d",
  },
  "cycle.requested": { reason: "operator asked" },
  "content.refresh": { content_id: "c-1", reason: "clicks fell 60% over 28 days" },
  "tenant.created": { name: "Acme Outdoor" },
  "strategy.updated": { version: 3 },
  "cycle.started": { reason: "cron", cycle_id: "cy-1" },
  "workflow.failed": { run_id: "run-1", step: "draft article", reason: "provider refused" },
};

/** Fixed ids and times for envelopes in tests. */
export const FIXED = {
  eventId: "00000000-0000-4000-8000-000000000001",
  otherId: "00000000-0000-4000-8000-000000000002",
  tenant: "acme",
  timestamp: "2025-01-02T03:04:05.000Z",
} as const;

/** A raw (unparsed) envelope of a type with its fixture payload, as a producer would send it. */
export function rawEnvelope(
  type: MessageType,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event_id: FIXED.eventId,
    type,
    source: "test",
    tenant_id: FIXED.tenant,
    timestamp: FIXED.timestamp,
    payload: payloadFixtures[type],
    ...overrides,
  };
}
