import type { StrategyInput } from "../events/strategy";
import { getJson, pool } from "./collect";
import type { Read, Reading } from "./completion";
import type { MeterReading } from "./cost";
import type { Target } from "./ingest";
import type { Running } from "./processes";

/** How the bench reaches one pipeline over HTTP. */
export type Pipeline = {
  name: string;
  /** Base URL and the headers of reads; `laneHeaders` are the senders'. */
  target: Target;
  /** Process trees whose CPU time the scenario counts. */
  pids: number[];
  ingestPath: string;
  logPath: (tenant: string, before?: number) => string;
  /** Registers the scenario's tenants. */
  prepare: (tenants: readonly string[]) => Promise<void>;
  /**
   * How long registration's deferred work takes, when registering sends events and
   * schedules work of its own: the bench waits this long and for quiet before priming.
   */
  settleMs?: number;
  /** The one cheap aggregate reading, polled for completion. */
  read: Read;
  /** WebSocket origin for the dashboard probe, when the pipeline has a dashboard. */
  wsOrigin?: string;
  wsToken?: string;
};

/**
 * A strategy whose cycles cannot fire during a run, whatever the time of day: a yearly
 * cron half a year ahead, no articles and no social posts should one start anyway.
 */
export function quietStrategy(now = new Date()): StrategyInput {
  const at = new Date(now.getTime() + 182 * 24 * 60 * 60 * 1000);
  const day = Math.min(at.getUTCDate(), 28);
  return {
    cycle_cron: `0 12 ${day} ${at.getUTCMonth() + 1} *`,
    max_articles_per_cycle: 0,
    social_enabled: false,
  };
}

type QueueCounters = {
  acked: number;
  dead_lettered: number;
  duplicates: number;
  retried: number;
};
type MetricsBody = {
  queues: Record<string, QueueCounters | undefined>;
  billing: { operations: MeterReading & { events: number } };
};

/** Switchboard's own pipeline: ingest → events queue → fan-out → tenant agents. */
export function switchboardPipeline(running: Running, target: Target, token: string): Pipeline {
  const post = (path: string, body: unknown) =>
    fetch(running.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body: JSON.stringify(body),
    });
  return {
    name: "switchboard",
    target,
    pids: [running.pid],
    ingestPath: "/api/events",
    logPath: (tenant, before) =>
      `/api/events?tenant=${tenant}&type=social.posted&limit=500${before ? `&before=${before}` : ""}`,
    prepare: async (tenants) => {
      const strategy = quietStrategy();
      await pool(tenants, 24, async (id) => {
        const response = await post("/api/tenants", { id, name: id, strategy });
        await response.arrayBuffer();
        if (response.status !== 201 && response.status !== 409)
          throw new Error(`tenant ${id}: ${response.status}`);
      });
    },
    // A tenant's setup sends strategy.updated and schedules its summary and retry
    // alarms 5 s ahead (agents/tenant-agent.ts); they run before the primer.
    settleMs: 6000,
    // GET /api/metrics: two reads of the OpsAgent, whatever the number of tenants.
    read: async () => {
      const body = await getJson<MetricsBody>(target, "/api/metrics");
      const events = body.queues.events ?? {
        acked: 0,
        dead_lettered: 0,
        duplicates: 0,
        retried: 0,
      };
      return {
        settled: events.acked + events.dead_lettered,
        duplicates: events.duplicates,
        retried: events.retried,
        meter: body.billing.operations,
      };
    },
    wsOrigin: running.url.replace(/^http/, "ws"),
    wsToken: token,
  };
}

/** The naive per-event pipeline of bench/naive. */
export function naivePipeline(running: Running): Pipeline {
  const target = { url: running.url, path: "", headers: {} };
  return {
    name: "naive",
    target,
    pids: [running.pid],
    ingestPath: "/ingest",
    logPath: (tenant, before) =>
      `/log?tenant=${tenant}&limit=500${before ? `&before=${before}` : ""}`,
    prepare: async () => {},
    read: () => getJson<Reading>(target, "/progress"),
  };
}

/** The fair baseline of bench/baseline: Node HTTP ingest, BullMQ on Redis, a worker. */
export function fairBaselinePipeline(
  running: Running & { pids: number[] },
  redisPid: number,
  laneHeaders: Record<string, string>[],
): Pipeline {
  const target = { url: running.url, path: "", headers: {}, laneHeaders };
  return {
    name: "fair-baseline",
    target,
    pids: [...running.pids, redisPid],
    ingestPath: "/ingest",
    logPath: (tenant, before) =>
      `/log?tenant=${tenant}&limit=500${before ? `&before=${before}` : ""}`,
    prepare: async (tenants) => {
      for (let i = 0; i < tenants.length; i += 1000) {
        const response = await fetch(`${running.url}/tenants`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ids: tenants.slice(i, i + 1000) }),
        });
        if (response.status !== 201) throw new Error(`baseline tenants: ${response.status}`);
      }
    },
    read: () => getJson<Reading>(target, "/progress"),
  };
}
