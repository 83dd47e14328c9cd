import { log } from "../../../platform/log";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signing";

/**
 * The delivery outbox: one row per alert event and webhook, written in the transaction
 * that made the event, then sent (POST, signed) until the endpoint answers 2xx. A
 * failure is retried after `base × 2^(attempts − 1)` (capped at 10 minutes); after
 * `MAX_ATTEMPTS` the delivery is dead: listed with its last error until an operator
 * redrives it. Each delivery waits on its own endpoint only, so one failing endpoint
 * holds back no other. Delivery is at least once: receivers dedupe on the event id.
 */
export const MAX_ATTEMPTS = 8;
export const MAX_RETRY_DELAY_MS = 10 * 60_000;
export const DEFAULT_RETRY_BASE_MS = 10_000;
/**
 * While a delivery is being sent its next attempt is moved this far out, so two passes
 * never send it at once; a pass cut short (an eviction) sends it again after the lease.
 */
export const SEND_LEASE_MS = 60_000;
/** Deliveries one pass sends at most (all at once); the rest wait for the next pass. */
export const DELIVERIES_PER_PASS = 50;

export type DeliveryStatus = "pending" | "delivered" | "dead";

/** A delivery as the console lists it, with what its event said. */
export type AlertDelivery = {
  id: number;
  event_id: string;
  event_type: string;
  rule_id: string;
  tenant_id: string | null;
  summary: string;
  webhook_id: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  next_attempt_at: string | null;
  /** The endpoint's last HTTP status; null when it never answered. */
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
};

export type SendRequest = { url: string; headers: Record<string, string>; body: string };
/** The endpoint's answer; a network failure or timeout throws. */
export type SendResult = { status: number; detail?: string };
export type AlertSender = (request: SendRequest) => Promise<SendResult>;

/** What one pass did, and when the next pending delivery is due (null: none is). */
export type PassResult = {
  delivered: number;
  retrying: number;
  dead: number;
  nextDueMs: number | null;
};

/** The wait before the next attempt, after `failedAttempts` (≥ 1) failed ones. */
export function retryDelayMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY_MS);
}

/** A pending delivery of the event to every webhook, due now; in the event's transaction. */
export function enqueueDeliveries(sql: SqlStorage, eventId: string, nowMs: number): void {
  const at = new Date(nowMs).toISOString();
  sql.exec(
    `INSERT INTO alert_deliveries (event_id, webhook_id, url, status, attempts, next_attempt_at, created_at, updated_at)
     SELECT ?, id, url, 'pending', 0, ?, ?, ? FROM alert_webhooks WHERE true
     ON CONFLICT (event_id, webhook_id) DO NOTHING`,
    eventId,
    nowMs,
    at,
    at,
  );
}

type Claimed = { seq: number; event_id: string; webhook_id: string; url: string; attempts: number };

/**
 * Sends the deliveries due at `nowMs` with `send`, all at once, and records each
 * outcome. The clock and the sender come in, so tests drive both.
 */
export async function deliverDue(
  sql: SqlStorage,
  send: AlertSender,
  nowMs: number,
  baseMs: number,
): Promise<PassResult> {
  const claimed = sql
    .exec<Claimed>(
      `UPDATE alert_deliveries SET next_attempt_at = ?
        WHERE seq IN (SELECT seq FROM alert_deliveries
                       WHERE status = 'pending' AND next_attempt_at <= ?
                       ORDER BY next_attempt_at, seq LIMIT ?)
        RETURNING seq, event_id, webhook_id, url, attempts`,
      nowMs + SEND_LEASE_MS,
      nowMs,
      DELIVERIES_PER_PASS,
    )
    .toArray();
  const result: PassResult = { delivered: 0, retrying: 0, dead: 0, nextDueMs: null };
  const outcomes = await Promise.all(claimed.map((c) => attempt(sql, send, c, nowMs)));
  claimed.forEach((c, i) => {
    const outcome = outcomes[i] ?? { ok: false, status: null, error: "not attempted" };
    const recorded = record(sql, c, outcome, nowMs, baseMs);
    result[recorded]++;
  });
  result.nextDueMs = nextDue(sql);
  return result;
}

/** An attempt's outcome; `final` when trying again cannot help (the webhook was deleted). */
type Outcome = { ok: boolean; status: number | null; error: string | null; final?: true };

async function attempt(
  sql: SqlStorage,
  send: AlertSender,
  c: Claimed,
  nowMs: number,
): Promise<Outcome> {
  const found = sql
    .exec<{ body: string; secret: string }>(
      `SELECT e.body AS body, w.secret AS secret FROM alert_events e, alert_webhooks w
        WHERE e.id = ? AND w.id = ?`,
      c.event_id,
      c.webhook_id,
    )
    .toArray()[0];
  if (!found)
    return { ok: false, status: null, error: "the webhook or the event is gone", final: true };
  const t = Math.floor(nowMs / 1000);
  try {
    const answer = await send({
      url: c.url,
      body: found.body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Switchboard-Alerts/1",
        [EVENT_ID_HEADER]: c.event_id,
        "x-switchboard-delivery-attempt": String(c.attempts + 1),
        [SIGNATURE_HEADER]: await signatureHeader(found.secret, found.body, t),
      },
    });
    const ok = answer.status >= 200 && answer.status < 300;
    return {
      ok,
      status: answer.status,
      error: ok ? null : `HTTP ${answer.status}${answer.detail ? `: ${answer.detail}` : ""}`,
    };
  } catch (error) {
    return { ok: false, status: null, error: String(error).slice(0, 500) };
  }
}

function record(
  sql: SqlStorage,
  c: Claimed,
  outcome: Outcome,
  nowMs: number,
  baseMs: number,
): "delivered" | "retrying" | "dead" {
  const at = new Date(nowMs).toISOString();
  const attempts = c.attempts + 1;
  const status: DeliveryStatus = outcome.ok
    ? "delivered"
    : attempts >= MAX_ATTEMPTS || outcome.final
      ? "dead"
      : "pending";
  sql.exec(
    `UPDATE alert_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?,
       last_error = ?, updated_at = ? WHERE seq = ?`,
    status,
    attempts,
    status === "pending" ? nowMs + retryDelayMs(attempts, baseMs) : null,
    outcome.status,
    outcome.error,
    at,
    c.seq,
  );
  if (status === "dead") {
    log({
      level: "warn",
      msg: "alert delivery dead",
      delivery: c.seq,
      event_id: c.event_id,
      url: c.url,
      attempts,
      error: outcome.error,
    });
  }
  return status === "pending" ? "retrying" : status;
}

/** When the next pending delivery is due, in ms; null when none is pending. */
export function nextDue(sql: SqlStorage): number | null {
  return sql
    .exec<{ due: number | null }>(
      "SELECT MIN(next_attempt_at) AS due FROM alert_deliveries WHERE status = 'pending'",
    )
    .one().due;
}

type StoredDelivery = Omit<AlertDelivery, "id" | "next_attempt_at" | "tenant_id" | "status"> & {
  seq: number;
  next_attempt_at: number | null;
  subject: string | null;
  status: string;
};

/** Deliveries, newest first, optionally of one status, older than `before` (a delivery id). */
export function listDeliveries(
  sql: SqlStorage,
  query: { status?: DeliveryStatus; before?: number; limit: number },
): AlertDelivery[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.status !== undefined) {
    where.push("d.status = ?");
    params.push(query.status);
  }
  if (query.before !== undefined) {
    where.push("d.seq < ?");
    params.push(query.before);
  }
  return sql
    .exec<StoredDelivery>(
      `SELECT d.seq, d.event_id, d.webhook_id, d.url, d.status, d.attempts, d.next_attempt_at,
              d.last_status, d.last_error, d.created_at, d.updated_at,
              COALESCE(e.type, '') AS event_type, COALESCE(e.rule_id, '') AS rule_id,
              e.subject AS subject, COALESCE(e.summary, '') AS summary
         FROM alert_deliveries d LEFT JOIN alert_events e ON e.id = d.event_id
        ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
        ORDER BY d.seq DESC LIMIT ?`,
      ...params,
      query.limit,
    )
    .toArray()
    .map(({ seq, next_attempt_at, subject, status, ...row }) => ({
      id: seq,
      ...row,
      status: status as DeliveryStatus,
      tenant_id: subject === null || subject === "" ? null : subject,
      next_attempt_at: next_attempt_at === null ? null : new Date(next_attempt_at).toISOString(),
    }));
}

export function countDeliveries(sql: SqlStorage): Record<DeliveryStatus, number> {
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const row of sql
    .exec<{ status: DeliveryStatus; n: number }>(
      "SELECT status, COUNT(*) AS n FROM alert_deliveries GROUP BY status",
    )
    .toArray()) {
    counts[row.status] = row.n;
  }
  return counts;
}

export type RedriveOutcome = "redriven" | "missing" | "not-dead" | "webhook-gone";

/** Gives a dead delivery a fresh set of attempts, due now. */
export function redriveDelivery(sql: SqlStorage, id: number, nowMs: number): RedriveOutcome {
  const row = sql
    .exec<{ status: string; webhook: string | null }>(
      `SELECT d.status AS status, w.id AS webhook FROM alert_deliveries d
         LEFT JOIN alert_webhooks w ON w.id = d.webhook_id WHERE d.seq = ?`,
      id,
    )
    .toArray()[0];
  if (!row) return "missing";
  if (row.status !== "dead") return "not-dead";
  if (row.webhook === null) return "webhook-gone";
  sql.exec(
    `UPDATE alert_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
      WHERE seq = ?`,
    nowMs,
    new Date(nowMs).toISOString(),
    id,
  );
  return "redriven";
}
