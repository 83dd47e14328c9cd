import { Agent } from "agents";

/**
 * The naive per-event pipeline, for comparison only: ingest sends one queue message per
 * event; the consumer makes one agent call per message; the agent reads its dedup table,
 * then writes it, then applies the event, each event in its own transaction.
 */
type NaiveEnv = { NAIVE_TENANT: DurableObjectNamespace<NaiveTenant>; NAIVE_EVENTS: Queue };
type NaiveEvent = {
  event_id: string;
  tenant_id: string;
  type: string;
  timestamp: string;
  payload: object;
};
type NaiveState = { applied: number; duplicates: number; last_event_id: string | null };
type LogRow = { event_id: string; timestamp: string; applied_at: string };
type Usage = { rows_read: number; rows_written: number; duplicate: boolean };

/**
 * Billable operations, counted the way Switchboard's meter counts them (its own SQL
 * cursors; the Agents SDK's state row is not counted on either side). Kept in the
 * isolate's memory: the local runtime runs one isolate, which is all the bench needs.
 */
const meter = {
  events: 0,
  queue_operations: 0,
  do_requests: 0,
  worker_requests: 0,
  sqlite_rows_read: 0,
  sqlite_rows_written: 0,
};

/** Messages settled (acked, duplicates included, or given up on), for the bench's one cheap poll. */
const progress = { settled: 0, duplicates: 0 };

/** The queue's max_retries (wrangler.jsonc): a message failing on a later attempt is dropped. */
const MAX_RETRIES = 5;

export class NaiveTenant extends Agent<Env, NaiveState> {
  override initialState: NaiveState = { applied: 0, duplicates: 0, last_event_id: null };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS processed (event_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT, timestamp TEXT, payload TEXT, applied_at TEXT);
    `);
  }

  async applyOne(event: NaiveEvent): Promise<Usage> {
    const sql = this.ctx.storage.sql;
    const read = sql.exec("SELECT 1 FROM processed WHERE event_id = ?", event.event_id);
    if (read.toArray().length > 0) {
      this.setState({ ...this.state, duplicates: this.state.duplicates + 1 });
      return { rows_read: read.rowsRead, rows_written: 0, duplicate: true };
    }
    const dedup = sql.exec(
      "INSERT INTO processed (event_id, at) VALUES (?, ?)",
      event.event_id,
      Date.now(),
    );
    const log = sql.exec(
      "INSERT INTO log (event_id, timestamp, payload, applied_at) VALUES (?, ?, ?, ?)",
      event.event_id,
      event.timestamp,
      JSON.stringify(event.payload),
      new Date().toISOString(),
    );
    this.setState({
      ...this.state,
      applied: this.state.applied + 1,
      last_event_id: event.event_id,
    });
    return {
      rows_read: read.rowsRead,
      rows_written: dedup.rowsWritten + log.rowsWritten,
      duplicate: false,
    };
  }

  async getCounters(): Promise<NaiveState> {
    return this.state;
  }

  async readLog(before: number, limit: number): Promise<(LogRow & { seq: number })[]> {
    return this.ctx.storage.sql
      .exec<LogRow & { seq: number }>(
        "SELECT seq, event_id, timestamp, applied_at FROM log WHERE seq < ? ORDER BY seq DESC LIMIT ?",
        before,
        limit,
      )
      .toArray();
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/ingest") {
      const events = (await request.json()) as NaiveEvent[];
      meter.worker_requests++;
      for (const event of events) {
        await env.NAIVE_EVENTS.send(event, { contentType: "json" });
        meter.events++;
        meter.queue_operations++; // the write
      }
      return Response.json({ accepted: events.length }, { status: 202 });
    }
    if (url.pathname === "/health") return Response.json({ ok: true });
    if (url.pathname === "/meter") return Response.json(meter);
    if (url.pathname === "/progress") return Response.json({ ...progress, meter });
    const tenant = url.searchParams.get("tenant");
    if (url.pathname === "/log" && tenant) {
      const agent = env.NAIVE_TENANT.getByName(tenant);
      const before = Number(url.searchParams.get("before") ?? Number.MAX_SAFE_INTEGER);
      return Response.json({
        events: await agent.readLog(before, Number(url.searchParams.get("limit") ?? 500)),
      });
    }
    if (url.pathname === "/state" && tenant) {
      const agent = env.NAIVE_TENANT.getByName(tenant);
      return Response.json(await agent.getCounters());
    }
    return new Response("not found", { status: 404 });
  },

  async queue(batch, env) {
    meter.worker_requests++;
    for (const message of batch.messages) {
      const event = message.body as NaiveEvent;
      meter.queue_operations++; // the read
      try {
        const agent = env.NAIVE_TENANT.getByName(event.tenant_id);
        meter.do_requests++;
        const usage = await agent.applyOne(event);
        meter.sqlite_rows_read += usage.rows_read;
        meter.sqlite_rows_written += usage.rows_written;
        meter.queue_operations++; // the delete of the ack
        message.ack();
        progress.settled++;
        if (usage.duplicate) progress.duplicates++;
      } catch {
        if (message.attempts > MAX_RETRIES) progress.settled++;
        message.retry();
      }
    }
  },
} satisfies ExportedHandler<NaiveEnv>;
