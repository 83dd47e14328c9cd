import { setTimeout as sleep } from "node:timers/promises";
import { startPlatform } from "../e2e/platform";
import { clientFor } from "./driver";
import type { Envelope } from "./ledger";
import { type Letter, type LogEntry, type QueueCounts, readLog, readQueueCounts } from "./reads";
import { articleLife } from "./scenario";
import { waitUntil } from "./wait";

/** How long the OpsAgent is down: longer than the events queue's whole retry ladder (62 s). */
export const OUTAGE_SECONDS = 120;
/** A wave of traffic goes out this often while the OpsAgent is down. */
const WAVE_EVERY_MS = 10_000;
/** A cron that never fires during the run: only the driver's events move the tenants. */
const QUIET_CRON = "0 0 1 1 *";

/** What an HTTP answer looked like, for the checks. */
export type Answer = { status: number; contentType: string | null; retryAfter: string | null };

export type OutageRun = {
  /** Tenants the platform saw before the outage: their traffic must flow through it. */
  known: string[];
  /** Registered before the outage, first sent to during it: ingest cannot confirm it. */
  late: string;
  /** Event ids accepted (202) per tenant, and the answers that were not 202. */
  accepted: Map<string, Set<string>>;
  refusedKnown: { tenant: string; status: number; detail: string }[];
  /** What ingest answered for the late tenant during the outage, then after it. */
  lateDuring: Answer[];
  lateAfter: Answer | null;
  /** An operator's read of the tenant list during the outage. */
  readDuring: Answer | null;
  /** Ingest requests sent while the OpsAgent was down. */
  requestsDuring: number;
  logs: Map<string, LogEntry[]>;
  letters: Letter[];
  queues: Record<string, QueueCounts>;
  /** Bodies the driver had accepted on the events queue over the whole run. */
  messagesAccepted: number;
  waits: Record<string, boolean>;
};

/**
 * One outage drill: three tenants warmed up, the OpsAgent taken down for two minutes
 * with `PUT /api/ops-agent/outage`, traffic (every message twice) sent to them every ten
 * seconds meanwhile, and a fourth tenant, registered before but never sent to, tried
 * during and after. Then everything is read back once the OpsAgent is up again.
 */
export async function runOpsOutage(): Promise<OutageRun> {
  const platform = await startPlatform({ logDir: "chaos", logName: "ops-outage.log" });
  const waits: Record<string, boolean> = {};
  try {
    const client = await clientFor(platform.url);
    const stamp = Date.now().toString(36);
    const known = [1, 2, 3].map((i) => `outage-${stamp}-${i}`);
    const late = `outage-${stamp}-late`;
    for (const id of [...known, late]) {
      await client.send("POST", "/api/tenants", {
        id,
        name: `Outage ${id}`,
        strategy: { cycle_cron: QUIET_CRON },
      });
    }
    const accepted = new Map(known.map((t) => [t, new Set<string>()]));
    const refusedKnown: OutageRun["refusedKnown"] = [];
    let messagesAccepted = 0;
    let article = 0;
    // One article's life per known tenant, each envelope sent twice in separate requests.
    const wave = async () => {
      const envelopes: Envelope[] = known.flatMap((tenant) =>
        articleLife(tenant, `a${++article}`, Date.now() - 5_000, article % 2 === 0)
          .filter((p) => p.effect === "agent")
          .map((p) => p.envelope),
      );
      for (const copy of [envelopes, [...envelopes].reverse()]) {
        const outcome = await client.ingest(copy);
        if (outcome.kind === "accepted") {
          messagesAccepted += copy.length;
          for (const e of copy) accepted.get(e.tenant_id)?.add(e.event_id);
        } else {
          refusedKnown.push({
            tenant: copy[0]?.tenant_id ?? "",
            status: outcome.kind === "refused" ? outcome.status : 0,
            detail: outcome.detail,
          });
        }
      }
    };
    const applied = async () => {
      let missing = 0;
      for (const tenant of known) {
        const seen = new Set((await readLog(client, tenant)).map((e) => e.event_id));
        for (const id of accepted.get(tenant) ?? []) if (!seen.has(id)) missing++;
      }
      return missing;
    };

    // Warm up: this isolate confirms the known tenants and learns their settings.
    await wave();
    waits.warm = (await waitUntil(applied, (missing) => missing === 0, 60_000)).reached;

    const lateEnvelope = () =>
      articleLife(late, `late-${++article}`, Date.now() - 5_000, false)[0]?.envelope;
    await client.send("PUT", "/api/ops-agent/outage", { seconds: OUTAGE_SECONDS });
    const endsAt = Date.now() + OUTAGE_SECONDS * 1000;
    const readDuring = await answer(platform.url, "/api/tenants", platform.operatorToken);
    const lateDuring: Answer[] = [];
    let requestsDuring = 0;
    while (Date.now() < endsAt - WAVE_EVERY_MS / 2) {
      const next = Date.now() + WAVE_EVERY_MS;
      await wave();
      requestsDuring += 2;
      if (lateDuring.length < 3) {
        lateDuring.push(await post(platform.url, [lateEnvelope()], platform.operatorToken));
      }
      await sleep(Math.max(0, next - Date.now()));
    }
    waits.outageEnded = (
      await waitUntil(
        () => client.get<{ unavailable_until: string | null }>("/api/ops-agent/outage"),
        (state) => state.unavailable_until === null,
        OUTAGE_SECONDS * 1000,
      )
    ).reached;
    const lateAfter = await post(platform.url, [lateEnvelope()], platform.operatorToken);

    waits.applied = (await waitUntil(applied, (missing) => missing === 0, 120_000)).reached;
    // The metrics held back during the outage arrive with the next flushes.
    waits.metrics = (
      await waitUntil(
        () => readQueueCounts(client),
        (queues) => (queues.events?.delivered ?? 0) >= messagesAccepted,
        60_000,
      )
    ).reached;
    const logs = new Map<string, LogEntry[]>();
    for (const tenant of known) logs.set(tenant, await readLog(client, tenant));
    const { dead_letters: letters } = await client.get<{ dead_letters: Letter[] }>(
      "/api/dlq?limit=500",
    );
    return {
      known,
      late,
      accepted,
      refusedKnown,
      lateDuring,
      lateAfter,
      readDuring,
      requestsDuring,
      logs,
      letters,
      queues: await readQueueCounts(client),
      messagesAccepted,
      waits,
    };
  } finally {
    await platform.stop();
  }
}

async function post(url: string, body: unknown, token: string): Promise<Answer> {
  return answer(url, "/api/events", token, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

async function answer(
  url: string,
  path: string,
  token: string,
  init: RequestInit = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(url + path, { ...init, headers });
  await response.arrayBuffer();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
  };
}
