/**
 * The HTTP API as the dashboard uses it (DESIGN.md §8). Every failure is thrown as a
 * ProblemError; responses are checked for the fields the views read.
 */
import type { TenantSummary } from "../../agents/ops-state";
import type { Envelope } from "../../events";
import { authHeaders, signOut } from "./auth";
import { networkProblem, ProblemError, readProblem } from "./problem";

async function request(path: string, init: RequestInit = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders() };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ProblemError(networkProblem(error));
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    // The token is missing, forged or expired: back to the login screen, saying why.
    if (response.status === 401) signOut(problem.detail ?? problem.title);
    throw new ProblemError(problem);
  }
  return response.json();
}

function unexpected(path: string, what: string): ProblemError {
  return new ProblemError({
    type: "about:blank",
    title: "Unexpected response",
    status: 200,
    detail: `${path} did not return ${what}.`,
  });
}

function isTenantSummary(value: unknown): value is TenantSummary {
  if (typeof value !== "object" || value === null) return false;
  const tenant = value as Record<string, unknown>;
  return typeof tenant.id === "string" && typeof tenant.name === "string";
}

export async function listTenants(signal?: AbortSignal): Promise<TenantSummary[]> {
  const body = await request("/api/tenants", signal ? { signal } : {});
  const tenants = (body as { tenants?: unknown } | null)?.tenants;
  if (!Array.isArray(tenants) || !tenants.every(isTenantSummary)) {
    throw unexpected("/api/tenants", "a list of tenants");
  }
  return tenants;
}

/** One tenant; a tenant token can read only its own. */
export async function getTenant(id: string, signal?: AbortSignal): Promise<TenantSummary> {
  const path = `/api/tenants/${encodeURIComponent(id)}`;
  const body = await request(path, signal ? { signal } : {});
  const tenant = (body as { tenant?: unknown } | null)?.tenant;
  if (!isTenantSummary(tenant)) throw unexpected(path, "the tenant");
  return tenant;
}

export async function createTenant(input: { id: string; name: string }): Promise<TenantSummary> {
  const body = await request("/api/tenants", { method: "POST", body: JSON.stringify(input) });
  const tenant = (body as { tenant?: unknown } | null)?.tenant;
  if (!isTenantSummary(tenant)) throw unexpected("/api/tenants", "the new tenant");
  return tenant;
}

export type IngestResult = { accepted: number; event_ids: string[] };

export async function postEvents(events: Envelope[]): Promise<IngestResult> {
  const body = await request("/api/events", { method: "POST", body: JSON.stringify(events) });
  return body as IngestResult;
}
