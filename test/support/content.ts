import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import type { RunRequest } from "../../agents/tenant/decision";
import { requestRuns } from "../../agents/tenant/run-store";
import type { TenantAgent } from "../../agents/tenant-agent";
import type { ContentRunParams } from "../../workflows/content-workflow";
import { api } from "./api";

/**
 * Starts a content run from the tenant's agent, as a cycle would, with the given run
 * id; returns the id. The agent tracks the run, so approve/reject/cancel reach it.
 */
export async function startContentRun(
  tenant: string,
  runId: string,
  params: Partial<ContentRunParams> = {},
): Promise<string> {
  return inAgent(tenant, (agent) =>
    agent.runWorkflow(
      "CONTENT_WORKFLOW",
      { tenant_id: tenant, keyword: "budget apps for students", ...params },
      { id: runId },
    ),
  );
}

/** Runs code inside the tenant's agent (reached by name, as workflow callbacks reach it). */
export async function inAgent<T>(
  tenant: string,
  body: (agent: TenantAgent) => Promise<T>,
): Promise<T> {
  const stub = await getAgentByName(env.TENANT_AGENT, tenant);
  return runInDurableObject(stub, body);
}

/** A run id no other test uses, prefixed with the tenant as the agents do. */
export function uniqueRunId(tenant: string): string {
  return `${tenant}-run-${crypto.randomUUID().slice(0, 8)}`;
}

export type LoggedEvent = { type: string; source: string; payload: Record<string, unknown> };

/** The tenant's event log over the API, newest first. */
export async function loggedEvents(tenant: string, type?: string): Promise<LoggedEvent[]> {
  const query = type ? `&type=${encodeURIComponent(type)}` : "";
  const response = await api(`/api/events?tenant=${tenant}&limit=200${query}`);
  return ((await response.json()) as { events: LoggedEvent[] }).events;
}

/** A content run as a decision asks for it, before it is started. */
export function runRequest(runId: string, overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    run_id: runId,
    content_id: runId,
    keyword: "budget apps for students",
    research_id: null,
    correlation_id: `chain-${runId}`,
    causation_id: `cause-${runId}`,
    template: "guide",
    require_approval: false,
    social_enabled: true,
    ...overrides,
  };
}

/** Records runs in the tenant's agent as a decision does (status `requested`, not started). */
export async function requestRun(
  tenant: string,
  runs: RunRequest[],
  at = new Date().toISOString(),
): Promise<void> {
  const stub = await getAgentByName(env.TENANT_AGENT, tenant);
  await runInDurableObject(stub, (_agent, state) =>
    requestRuns(state.storage.sql, `decision-${runs[0]?.run_id}`, runs, at),
  );
}
