/** Tenants, their agents' state, strategy, research, event log and activity (DESIGN.md §8). */

import type { StrategyInput } from "../../../agents/tenant/strategy";
import type { Envelope } from "../../../events";
import { getJson, type RequestOptions, seg, sendJson, withQuery } from "./client";
import {
  CycleSchema,
  EventLogSchema,
  FeedSchema,
  IngestSchema,
  NewTenantSchema,
  ResearchSchema,
  StrategyVersionsSchema,
  TenantDetailSchema,
  TenantListSchema,
  VersionedStrategySchema,
} from "./schemas";

const tenantPath = (id: string) => `/api/tenants/${seg(id)}`;

/** Every tenant with the counters its agent last reported (operators only). */
export async function listTenants(options?: RequestOptions) {
  return (await getJson("/api/tenants", TenantListSchema, options)).tenants;
}

/** One tenant with its agent's state and strategy; a tenant token reads only its own. */
export function getTenant(id: string, options?: RequestOptions) {
  return getJson(tenantPath(id), TenantDetailSchema, options);
}

export async function createTenant(input: { id: string; name: string }) {
  return (await sendJson("POST", "/api/tenants", input, NewTenantSchema)).tenant;
}

/** Runs a cycle now; resolves to the chain (correlation id) it opened. */
export async function runCycle(id: string): Promise<string> {
  return (await sendJson("POST", `${tenantPath(id)}/cycle`, {}, CycleSchema)).correlation_id;
}

export function getStrategy(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/strategy`, VersionedStrategySchema, options);
}

/** Saves a strategy: a new version, or the same one when nothing changed. 422 has field errors. */
export function putStrategy(id: string, strategy: StrategyInput) {
  return sendJson("PUT", `${tenantPath(id)}/strategy`, strategy, VersionedStrategySchema);
}

export async function listStrategyVersions(id: string, options?: RequestOptions) {
  return (await getJson(`${tenantPath(id)}/strategy/versions`, StrategyVersionsSchema, options))
    .versions;
}

export function rollbackStrategy(id: string, version: number) {
  return sendJson(
    "POST",
    `${tenantPath(id)}/strategy/rollback`,
    { version },
    VersionedStrategySchema,
  );
}

/** The newest research per keyword and which keywords are used: a strategy preview's input. */
export function getResearch(id: string, options?: RequestOptions) {
  return getJson(`${tenantPath(id)}/research`, ResearchSchema, options);
}

/** A tenant's event log, newest first. */
export async function listEvents(
  query: { tenant: string; type?: string | undefined; limit?: number },
  options?: RequestOptions,
) {
  return (await getJson(withQuery("/api/events", query), EventLogSchema, options)).events;
}

/** The tenants' activity lines, newest first (operators only). */
export async function listActivity(limit: number, options?: RequestOptions) {
  return (await getJson(withQuery("/api/feed", { limit }), FeedSchema, options)).items;
}

export function postEvents(events: Envelope[]) {
  return sendJson("POST", "/api/events", events, IngestSchema);
}
