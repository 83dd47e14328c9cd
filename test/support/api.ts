import { exports } from "cloudflare:workers";
import { asOperator } from "./auth";

/**
 * Calls the Worker's HTTP API in-process, as a client would over the network, as an
 * operator unless the request carries its own `authorization` (or `auth: "none"`).
 */
export async function api(
  path: string,
  init: RequestInit = {},
  auth: "operator" | "none" = "operator",
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (auth === "operator" && !headers.has("authorization")) {
    for (const [name, value] of Object.entries(await asOperator())) headers.set(name, value);
  }
  return exports.default.fetch(new Request(`http://switchboard.test${path}`, { ...init, headers }));
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A tenant id no other test uses: queue deliveries can arrive during another test. */
export function uniqueTenant(prefix = "t"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createTenant(id = uniqueTenant()): Promise<string> {
  const response = await postJson("/api/tenants", { id, name: `Tenant ${id}` });
  if (response.status !== 201)
    throw new Error(`tenant not created: ${response.status} ${await response.text()}`);
  return id;
}

export function researchCompleted(tenantId: string, overrides: Record<string, unknown> = {}) {
  return {
    event_id: crypto.randomUUID(),
    type: "research.completed",
    source: "research",
    tenant_id: tenantId,
    timestamp: new Date().toISOString(),
    payload: { research_ids: ["r-1"], keywords_researched: 1 },
    ...overrides,
  };
}

/** Waits for a condition the platform reaches asynchronously (a queue hop is about a second). */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
