import type { Effect, Envelope } from "./ledger";

/** A message the driver will send, where its effect shows, and the wave it goes out in. */
export type Planned = { envelope: Envelope; effect: Effect; wave?: number };

/** The waves of an out-of-order article: the report first, then the page, then the article. */
export const WAVES = 3;

function envelope(
  tenant: string,
  type: string,
  source: string,
  at: number,
  payload: Record<string, unknown>,
  correlation: string,
): Envelope {
  return {
    event_id: crypto.randomUUID(),
    type,
    source,
    tenant_id: tenant,
    timestamp: new Date(at).toISOString(),
    correlation_id: correlation,
    payload,
  };
}

/**
 * The life of one article as the services would report it — ready, publish (a command
 * for the publisher), published, posted, its first performance report — stamped one
 * second apart. `reversed` sends it backwards: every delivery of the report goes out in
 * the first wave, the page's in the second and the article's in the last, so the agent
 * sees `performance.report` before `content.published` before `content.ready`. The rest
 * have no wave: each of their deliveries goes out in any wave.
 */
export function articleLife(
  tenant: string,
  contentId: string,
  startAt: number,
  reversed: boolean,
): Planned[] {
  const chain = `chaos-${contentId}`;
  const keyword = `chaos keyword ${contentId}`;
  const url = `https://${tenant}.example/blog/${contentId}`;
  const at = (second: number) => startAt + second * 1000;
  const ready = envelope(
    tenant,
    "content.ready",
    "content-workflow",
    at(0),
    { content_id: contentId, keyword, word_count: 900 + (contentId.length % 7) * 50 },
    chain,
  );
  const publish = envelope(
    tenant,
    "content.publish",
    "content-workflow",
    at(1),
    { content_id: contentId, keyword },
    chain,
  );
  const published = envelope(
    tenant,
    "content.published",
    "publisher",
    at(2),
    { content_id: contentId, urls: [url], published_at: new Date(at(2)).toISOString() },
    chain,
  );
  const posted = envelope(
    tenant,
    "social.posted",
    "social",
    at(3),
    { content_id: contentId, post_ids: [`post-${contentId}`] },
    chain,
  );
  const report = envelope(
    tenant,
    "performance.report",
    "analytics",
    at(4),
    { url, impressions: 1000, clicks: 40, position: 6.5, period: "28d" },
    chain,
  );
  return [
    { envelope: ready, effect: "agent", ...(reversed ? { wave: 2 } : {}) },
    { envelope: publish, effect: "service" },
    { envelope: published, effect: "agent", ...(reversed ? { wave: 1 } : {}) },
    { envelope: posted, effect: "agent" },
    { envelope: report, effect: "agent", ...(reversed ? { wave: 0 } : {}) },
  ];
}

/** A cycle asked for by another service through ingest (the agent applies it). */
export function cycleRequest(tenant: string, at: number): Planned {
  return {
    envelope: envelope(
      tenant,
      "cycle.requested",
      "chaos-driver",
      at,
      { reason: "chaos: requested by a service" },
      `chaos-cycle-${crypto.randomUUID().slice(0, 8)}`,
    ),
    effect: "agent",
  };
}
