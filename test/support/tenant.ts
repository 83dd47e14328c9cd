import { api, eventually, postJson, uniqueTenant } from "./api";

/** A trace entry as `GET /api/trace/:id` returns it (the fields tests look at). */
export type TraceEntry = {
  kind: "message" | "decision" | "run" | "step";
  id: string;
  parent: string | null;
  depth: number;
  type?: string;
  direction?: "in" | "out";
  payload?: Record<string, unknown>;
  summary?: string;
  reasons?: { verdict: string; subject: string; text: string }[];
  keyword?: string;
  status?: string;
};

/** Creates a tenant with a strategy (the rest defaults). */
export async function createTenantWithStrategy(
  strategy: Record<string, unknown>,
  id = uniqueTenant(),
): Promise<string> {
  const response = await postJson("/api/tenants", { id, name: `Tenant ${id}`, strategy });
  if (response.status !== 201)
    throw new Error(`tenant not created: ${response.status} ${await response.text()}`);
  return id;
}

export async function putStrategy(
  tenant: string,
  strategy: Record<string, unknown>,
): Promise<void> {
  const response = await api(`/api/tenants/${tenant}/strategy`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(strategy),
  });
  if (response.status !== 200)
    throw new Error(`strategy not taken: ${response.status} ${await response.text()}`);
}

/** Runs a cycle over the API; returns its chain. */
export async function runCycle(tenant: string): Promise<string> {
  const response = await api(`/api/tenants/${tenant}/cycle`, { method: "POST" });
  if (response.status !== 202) throw new Error(`cycle not accepted: ${response.status}`);
  return ((await response.json()) as { correlation_id: string }).correlation_id;
}

export async function trace(tenant: string, correlationId: string): Promise<TraceEntry[]> {
  const response = await api(`/api/trace/${correlationId}?tenant=${tenant}`);
  if (response.status === 404) return [];
  return ((await response.json()) as { entries: TraceEntry[] }).entries;
}

/** Waits until the chain has a decision on research (the research service answered). */
export function researchDecided(tenant: string, correlationId: string): Promise<TraceEntry[]> {
  return eventually(
    () => trace(tenant, correlationId),
    (entries) => entries.some((e) => e.kind === "decision" && e.summary?.startsWith("kept")),
    20_000,
  );
}

/** A run as `GET /api/tenants/:id/runs` lists it (the fields tests look at). */
export type ListedRun = {
  run_id: string;
  keyword: string;
  status: string;
  step: string | null;
  error: string | null;
};

/**
 * Given a tenant whose cycle's one article waits for approval: the tenant, the chain
 * its cycle opened and the run. `strategy` adds to (or replaces) the defaults.
 */
export async function runAwaitingApproval(
  strategy: Record<string, unknown> = {},
): Promise<{ tenant: string; chain: string; run: ListedRun }> {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["winter tyres"],
    max_difficulty: 100,
    min_volume: 0,
    require_approval: true,
    ...strategy,
  });
  const chain = await runCycle(tenant);
  const [run] = await eventually(
    async () =>
      ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: ListedRun[] }).runs,
    (list) => list[0]?.step === "wait for approval",
    20_000,
  );
  if (!run) throw new Error("no run");
  return { tenant, chain, run };
}
