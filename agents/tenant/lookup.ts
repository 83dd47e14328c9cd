/**
 * What an id names in this tenant's tables, and the chain it belongs to: `GET
 * /api/lookup/:id` asks each agent in turn (or the one the id's page names). The cheap
 * probes go first, each one indexed statement: a run id, a correlation id (the event
 * log's chains, the decisions, the runs), a content id. Only when none of them knows the
 * id does one statement look for an event id among the messages the agent applied and
 * those its decisions sent; rows whose JSON does not contain the id at all are passed
 * over before any JSON is parsed.
 */

export type LookupKind = "run" | "correlation" | "content" | "event" | "page";

/** What an id is here, and its chain (null for a message outside any chain). */
export type LookupHit = { kind: LookupKind; correlation_id: string | null; content_id?: string };

export function lookupId(sql: SqlStorage, id: string): LookupHit | null {
  const run = sql
    .exec<{ correlation_id: string }>("SELECT correlation_id FROM runs WHERE run_id = ?", id)
    .toArray()[0];
  if (run) return { kind: "run", correlation_id: run.correlation_id };

  const chain = sql
    .exec<{ hit: number }>(
      `SELECT EXISTS (SELECT 1 FROM event_call_chains WHERE correlation_id = ?)
           OR EXISTS (SELECT 1 FROM decisions WHERE correlation_id = ?)
           OR EXISTS (SELECT 1 FROM runs WHERE correlation_id = ?) AS hit`,
      id,
      id,
      id,
    )
    .one();
  if (chain.hit) return { kind: "correlation", correlation_id: id };

  const content = sql
    .exec<{ correlation_id: string | null }>(
      `SELECT correlation_id FROM (
         SELECT correlation_id, requested_at AS at FROM runs WHERE content_id = ?
         UNION ALL SELECT correlation_id, created_at FROM articles WHERE content_id = ?
         UNION ALL SELECT NULL, '' FROM content WHERE content_id = ?
       ) ORDER BY correlation_id IS NULL, at DESC LIMIT 1`,
      id,
      id,
      id,
    )
    .toArray()[0];
  if (content) return { kind: "content", correlation_id: content.correlation_id };

  const event = sql
    .exec<{ correlation_id: string | null }>(
      `SELECT json_extract(e.value, '$.correlation_id') AS correlation_id
         FROM event_calls c, json_each(c.events) e
        WHERE instr(c.events, ?) > 0 AND json_extract(e.value, '$.event_id') = ?
       UNION ALL
       SELECT json_extract(e.value, '$.correlation_id')
         FROM decisions d, json_each(d.emitted) e
        WHERE instr(d.emitted, ?) > 0 AND json_extract(e.value, '$.event_id') = ?
       LIMIT 1`,
      id,
      id,
      id,
      id,
    )
    .toArray()[0];
  if (event) return { kind: "event", correlation_id: event.correlation_id ?? null };
  return null;
}

/** The article published under this slug (`/sites/<tenant>/<slug>`), and its chain. */
export function lookupPage(sql: SqlStorage, slug: string): LookupHit | null {
  const article = sql
    .exec<{ content_id: string; correlation_id: string | null }>(
      `SELECT a.content_id,
              COALESCE(a.correlation_id, (SELECT r.correlation_id FROM runs r
                WHERE r.content_id = a.content_id ORDER BY r.requested_at DESC LIMIT 1)) AS correlation_id
         FROM articles a WHERE a.slug = ? ORDER BY a.created_at DESC LIMIT 1`,
      slug,
    )
    .toArray()[0];
  return article
    ? { kind: "page", correlation_id: article.correlation_id, content_id: article.content_id }
    : null;
}
