/** Tenants, their agents' state, strategy, research, event log and activity (DESIGN.md §8). */

import type { Envelope } from "../../../events";
import type { StrategyInput } from "../../../events/strategy";
import { readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, seg, sendJson, withQuery } from "./client";
import {
  ActivityFeed,
  AgentInspection,
  type BudgetInput,
  BudgetStatus,
  CreatedTenant,
  CycleAccepted,
  EventLogPage,
  IngestAccepted,
  StrategyHistory,
  StrategyPreviewSchema,
  TenantDetail,
  TenantExport,
  TenantList,
  TenantPaused,
  TenantResumed,
  VersionedStrategy,
} from "./schemas";

const tenantPath = (id: string) => `/api/tenants/${seg(id)}`;

/** The most tenants a console page reads (the API's pages are of 500 at most). */
const MAX_TENANTS = 10_000;

/** Every tenant (up to `MAX_TENANTS`) with the counters its agent last reported (operators only). */
export async function listTenants(options?: RequestOptions) {
  const page = await readPages(MAX_TENANTS, 500, async (limit, cursor) => {
    const path = withQuery("/api/tenants", { limit, ...(cursor ? { cursor } : {}) });
    const answer = await getJson(path, TenantList, options);
    return { rows: answer.tenants, next_cursor: answer.next_cursor };
  });
  return page.rows;
}

/** One tenant with its agent's state and strategy; a tenant token reads only its own. */
export function getTenant(id: string, options?: RequestOptions) {
  return getJson(tenantPath(id), TenantDetail, options);
}

/** The agent inspector: state, inbox, outbox, schedules, runs, strategy and cost. */
export function inspectTenant(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/inspect`, AgentInspection, options);
}

/** This month's spend against the tenant's budget. */
export function getBudget(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/budget`, BudgetStatus, options);
}

/** Sets the tenant's monthly budget (null removes it); 422 has field errors. */
export function putBudget(id: string, budget: BudgetInput | null) {
  return budget === null
    ? sendJson("DELETE", `${tenantPath(id)}/budget`, undefined, BudgetStatus)
    : sendJson("PUT", `${tenantPath(id)}/budget`, budget, BudgetStatus);
}

export async function createTenant(input: { id: string; name: string }) {
  return (await sendJson("POST", "/api/tenants", input, CreatedTenant)).tenant;
}

/**
 * Pauses a tenant (its deliveries are held, its cycles skipped, its new runs wait) or
 * archives it (its schedules are cancelled too, its ingest refused); operators only.
 */
export function holdTenant(id: string, verb: "pause" | "archive", reason?: string) {
  return sendJson("POST", `${tenantPath(id)}/${verb}`, reason ? { reason } : {}, TenantPaused);
}

/** Resumes a paused or archived tenant: its held deliveries are applied in order. */
export function resumeTenant(id: string) {
  return sendJson("POST", `${tenantPath(id)}/resume`, {}, TenantResumed);
}

/** Every table of the tenant's agent that holds its data (operators only). */
export function exportTenant(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/export`, TenantExport, options);
}

/** Runs a cycle now; resolves to the chain (correlation id) it opened. */
export async function runCycle(id: string): Promise<string> {
  return (await sendJson("POST", `${tenantPath(id)}/cycle`, {}, CycleAccepted)).correlation_id;
}

export function getStrategy(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/strategy`, VersionedStrategy, options);
}

/** Saves a strategy: a new version, or the same one when nothing changed. 422 has field errors. */
export function putStrategy(id: string, strategy: StrategyInput) {
  return sendJson("PUT", `${tenantPath(id)}/strategy`, strategy, VersionedStrategy);
}

export async function listStrategyVersions(id: string, options?: RequestOptions) {
  return (await getJson(`${tenantPath(id)}/strategy/versions`, StrategyHistory, options)).versions;
}

export function rollbackStrategy(id: string, version: number) {
  return sendJson("POST", `${tenantPath(id)}/strategy/rollback`, { version }, VersionedStrategy);
}

/**
 * What a draft would keep and drop, decided by the tenant's agent with its research,
 * now and over the past `days`; changes nothing. 422 has the draft's field errors.
 */
export function previewStrategy(
  id: string,
  draft: StrategyInput,
  days: number,
  options?: RequestOptions,
) {
  return sendJson(
    "POST",
    withQuery(`${tenantPath(id)}/strategy/preview`, { days }),
    draft,
    StrategyPreviewSchema,
    options,
  );
}

/** A tenant's event log, newest first. */
export async function listEvents(
  query: { tenant: string; type?: string | undefined; limit?: number },
  options?: RequestOptions,
) {
  return (await getJson(withQuery("/api/events", query), EventLogPage, options)).events;
}

/** The tenants' activity lines, newest first (operators only). */
export async function listActivity(limit: number, options?: RequestOptions) {
  return (await getJson(withQuery("/api/feed", { limit }), ActivityFeed, options)).items;
}

export function postEvents(events: Envelope[]) {
  return sendJson("POST", "/api/events", events, IngestAccepted);
}
