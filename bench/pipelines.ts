import { pool } from "./collect";
import type { MeterReading } from "./cost";
import type { Running } from "./processes";
import type { Pipeline } from "./scenario";

type TenantBody = { state: { applied: number; duplicates: number } };

/** Switchboard's own pipeline: ingest → events queue → fan-out → tenant agents. */
export function switchboardPipeline(
  running: Running,
  headers: Record<string, string>,
  token?: string,
): Pipeline {
  const target = { url: running.url, path: "", headers };
  return {
    name: "switchboard",
    target,
    pid: running.pid,
    ingestPath: "/api/events",
    logPath: (tenant, before) =>
      `/api/events?tenant=${tenant}&limit=500${before ? `&before=${before}` : ""}`,
    statePath: (tenant) => `/api/tenants/${tenant}`,
    readCounters: (body) => {
      const { state } = body as TenantBody;
      return { applied: state.applied, duplicates: state.duplicates };
    },
    prepare: async (tenants) => {
      await pool(tenants, 8, async (id) => {
        const response = await fetch(`${running.url}/api/tenants`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ id, name: id }),
        });
        if (response.status !== 201 && response.status !== 409)
          throw new Error(`tenant ${id}: ${response.status}`);
      });
    },
    meterPath: "/api/metrics",
    pickMeter: (body) => (body as { billing: { operations: MeterReading } }).billing.operations,
    wsOrigin: running.url.replace(/^http/, "ws"),
    ...(token ? { wsToken: token } : {}),
  };
}

/** The naive per-event pipeline of bench/naive. */
export function naivePipeline(running: Running): Pipeline {
  return {
    name: "naive",
    target: { url: running.url, path: "", headers: {} },
    pid: running.pid,
    ingestPath: "/ingest",
    logPath: (tenant, before) =>
      `/log?tenant=${tenant}&limit=500${before ? `&before=${before}` : ""}`,
    statePath: (tenant) => `/state?tenant=${tenant}`,
    readCounters: (body) => body as { applied: number; duplicates: number },
    prepare: async () => {},
    meterPath: "/meter",
    pickMeter: (body) => body as MeterReading,
  };
}
