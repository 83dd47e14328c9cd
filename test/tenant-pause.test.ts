import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage, type Message } from "../events";
import { api, createTenant, eventually, postJson, researchCompleted } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { requestRun, runRequest, uniqueRunId } from "./support/content";
import { deliverBatch, recordingQueue } from "./support/queues";

type Held = {
  hold: { status: string; since: string; by: string | null; reason: string | null } | null;
  count: number;
  oldest: { event_id: string; waiting: { reason: string; text: string; since: string } | null }[];
};
type Inspection = {
  state: { applied: number; duplicates: number };
  held: Held;
  schedules: { callback: string }[];
};

async function inspect(tenant: string): Promise<Inspection> {
  return (await (await api(`/api/tenants/${tenant}/inspect`)).json()) as Inspection;
}

/** The ids of the events the agent applied, oldest first. */
async function appliedIds(tenant: string): Promise<string[]> {
  const body = (await (await api(`/api/events?tenant=${tenant}&limit=200`)).json()) as {
    events: { event_id: string }[];
  };
  return body.events.map((e) => e.event_id).reverse();
}

function posted(tenant: string, n: number): Message {
  return createMessage(
    "social.posted",
    { content_id: `c-${n}`, post_ids: [`p-${n}`] },
    { tenant_id: tenant, source: "social" },
  );
}

const post = (path: string, body?: unknown) =>
  body === undefined ? api(path, { method: "POST" }) : postJson(path, body);

/** Delivers on the events queue with a dead-letter queue that records what it is sent. */
async function deliver(bodies: unknown[]) {
  const dlq = recordingQueue();
  const result = await deliverBatch("events", bodies, {
    bindings: { ...env, EVENTS_DLQ: dlq.queue },
  });
  return { ...result, deadLettered: dlq.sent };
}

describe("pausing and resuming a tenant", () => {
  it("holds deliveries while paused, refuses cycles, and applies them in order exactly once on resume", async () => {
    // given a tenant with events flowing
    const tenant = await createTenant();
    const first = posted(tenant, 0);
    await deliver([first]);
    expect((await inspect(tenant)).state.applied).toBe(1);

    // when it is paused
    const paused = await post(`/api/tenants/${tenant}/pause`, { reason: "maintenance" });
    expect(paused.status).toBe(200);
    const pause = (await paused.json()) as Record<string, unknown>;
    expect(pause).toMatchObject({
      tenant_id: tenant,
      status: "paused",
      reason: "maintenance",
      by: expect.any(String),
      since: expect.any(String),
    });
    // pausing again answers the same pause
    const again = await post(`/api/tenants/${tenant}/pause`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      status: "paused",
      since: pause.since,
      by: pause.by,
    });
    // and the registry shows it
    const detail = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      tenant: { status: string; status_by: string; status_since: string };
    };
    expect(detail.tenant).toMatchObject({
      status: "paused",
      status_by: pause.by,
      status_since: pause.since,
    });
    const list = (await (await api("/api/tenants")).json()) as {
      tenants: { id: string; status: string }[];
    };
    expect(list.tenants.find((t) => t.id === tenant)?.status).toBe("paused");

    // then events sent are held: acked, not applied, not dead-lettered
    const events = [posted(tenant, 1), posted(tenant, 2), posted(tenant, 3)];
    const delivered = await deliver(events);
    expect(delivered.explicitAcks.sort()).toEqual(["m-0", "m-1", "m-2"]);
    expect(delivered.retryMessages).toEqual([]);
    expect(delivered.deadLettered).toEqual([]);
    // a copy of a held event and of an applied one are duplicates, not held twice
    const copies = await deliver([events[1], first]);
    expect(copies.explicitAcks).toHaveLength(2);
    expect(copies.deadLettered).toEqual([]);

    const held = await inspect(tenant);
    expect(held.state.applied).toBe(1);
    expect(held.held.count).toBe(3);
    expect(held.held.hold).toMatchObject({ status: "paused", by: pause.by });
    expect(held.held.oldest.map((d) => d.event_id)).toEqual(events.map((e) => e.event_id));
    expect(held.held.oldest[0]?.waiting).toMatchObject({ reason: "paused", since: pause.since });
    expect(held.held.oldest[0]?.waiting?.text).toContain(`paused by ${pause.by}`);

    // and a cycle is refused, saying why
    const cycle = await post(`/api/tenants/${tenant}/cycle`);
    expect(cycle.status).toBe(409);
    expect(cycle.headers.get("content-type")).toContain("application/problem+json");
    expect(((await cycle.json()) as { detail: string }).detail).toContain(
      `paused by ${pause.by} since ${pause.since}`,
    );
    // and the scheduled cycle is skipped, not run, saying why in the tenant's activity
    await runInDurableObject(env.TENANT_AGENT.getByName(tenant), (agent) => agent.runCycle());
    expect((await inspect(tenant)).held.count).toBe(3);
    const activity = await eventually(
      () => env.OPS_AGENT.getByName("main").listActivity(),
      (items) =>
        items.some((i) => i.tenant_id === tenant && i.text.startsWith("scheduled cycle skipped")),
      20_000,
    );
    expect(
      activity.find((i) => i.tenant_id === tenant && i.text.startsWith("scheduled cycle skipped"))
        ?.text,
    ).toContain(`paused by ${pause.by} since ${pause.since}`);

    // and ingest still accepts the tenant's events (the agent holds them)
    const ingested = researchCompleted(tenant);
    expect((await postJson("/api/events", ingested)).status).toBe(202);
    await eventually(
      () => inspect(tenant),
      (i) => i.held.count === 4,
    );

    // when it is resumed
    const resumed = await post(`/api/tenants/${tenant}/resume`);
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toEqual({
      tenant_id: tenant,
      status: "active",
      released: 4,
      remaining: 0,
    });

    // then every held event is applied once, in the order it arrived
    expect(await appliedIds(tenant)).toEqual([
      first.event_id,
      ...events.map((e) => e.event_id),
      ingested.event_id,
    ]);
    const after = await inspect(tenant);
    expect(after.state.applied).toBe(5);
    expect(after.held).toMatchObject({ hold: null, count: 0 });
    // and duplicates are still skipped
    await deliver([events[0]]);
    expect((await inspect(tenant)).state).toMatchObject({
      applied: 5,
      duplicates: after.state.duplicates + 1,
    });
    // and the registry says active; resuming again is refused
    const active = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      tenant: { status: string; status_by: string | null };
    };
    expect(active.tenant).toMatchObject({ status: "active", status_by: null });
    expect((await post(`/api/tenants/${tenant}/resume`)).status).toBe(409);
    expect((await post(`/api/tenants/${tenant}/cycle`)).status).toBe(202);
  });

  it("releases a large backlog in bounded chunks and finishes it from a schedule", async () => {
    // given a paused tenant holding 1,120 deliveries
    const tenant = await createTenant();
    expect((await post(`/api/tenants/${tenant}/pause`)).status).toBe(200);
    const backlog = Array.from({ length: 1120 }, (_, i) => posted(tenant, i));
    const stub = env.TENANT_AGENT.getByName(tenant);
    for (let i = 0; i < backlog.length; i += 100) {
      const outcomes = (await stub.applyEvents(backlog.slice(i, i + 100))).outcomes;
      expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set(["held"]));
    }

    // when it is resumed
    const resumed = (await (await post(`/api/tenants/${tenant}/resume`)).json()) as {
      released: number;
      remaining: number;
    };

    // then one call releases a bounded part and schedules the rest, all applied once
    expect(resumed).toMatchObject({ released: 500, remaining: 620 });
    const done = await eventually(
      () => inspect(tenant),
      (i) => i.state.applied === 1120 && i.held.count === 0,
      30_000,
    );
    expect(done.held.hold).toBeNull();
    expect(done.state.duplicates).toBe(0);
  });
});

describe("a paused tenant's new runs", () => {
  it("wait as requested with the pause as their reason, and start on resume", async () => {
    // given a paused tenant
    const tenant = await createTenant();
    const pause = (await (await post(`/api/tenants/${tenant}/pause`)).json()) as { by: string };

    // when a decision asks for a run
    const runId = uniqueRunId(tenant);
    await requestRun(tenant, [runRequest(runId)]);
    await env.TENANT_AGENT.getByName(tenant).startRequestedRuns();

    // then it waits, saying why
    type Run = { run_id: string; status: string; waiting: { reason: string; text: string } | null };
    const runs = async () =>
      ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
    const [waiting] = await runs();
    expect(waiting).toMatchObject({ run_id: runId, status: "requested" });
    expect(waiting?.waiting).toMatchObject({ reason: "paused" });
    expect(waiting?.waiting?.text).toContain(`paused by ${pause.by} since`);

    // when it is resumed, then the run starts
    expect((await post(`/api/tenants/${tenant}/resume`)).status).toBe(200);
    const [started] = await eventually(runs, (list) => list[0]?.status !== "requested", 20_000);
    expect(started?.waiting).toBeNull();
  });
});

describe("archiving a tenant", () => {
  it("stops its agent, refuses its ingest, exports its data, and comes back on resume", async () => {
    // given a tenant with an applied event and a cycle schedule
    const tenant = await createTenant();
    const first = posted(tenant, 0);
    await deliver([first]);
    expect((await inspect(tenant)).schedules.map((s) => s.callback)).toContain("runCycle");

    // when it is archived
    const archived = await post(`/api/tenants/${tenant}/archive`, { reason: "churned" });
    expect(archived.status).toBe(200);
    expect(await archived.json()).toMatchObject({
      tenant_id: tenant,
      status: "archived",
      reason: "churned",
    });

    // then its schedules are cancelled and the registry marks it archived
    const inspection = await inspect(tenant);
    expect(inspection.schedules.map((s) => s.callback)).not.toContain("runCycle");
    const detail = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      tenant: { status: string };
    };
    expect(detail.tenant.status).toBe("archived");

    // and ingest refuses its events, naming it
    const refused = await postJson("/api/events", researchCompleted(tenant));
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(((await refused.json()) as { detail: string }).detail).toContain(tenant);
    // while a delivery that got past a stale cache is held, not lost
    const late = posted(tenant, 1);
    const delivered = await deliver([late]);
    expect(delivered.deadLettered).toEqual([]);
    expect((await inspect(tenant)).held.count).toBe(1);
    // and a pause cannot undo the archive
    expect((await post(`/api/tenants/${tenant}/pause`)).status).toBe(409);

    // and its data is exported as a JSON attachment
    const exported = await api(`/api/tenants/${tenant}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
    const data = (await exported.json()) as {
      tenant: { id: string };
      tables: Record<string, { rows: Record<string, unknown>[]; total: number }>;
    };
    expect(data.tenant.id).toBe(tenant);
    expect(data.tables.strategy_versions?.total).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(data.tables.event_calls?.rows)).toContain(first.event_id);
    expect(data.tables.held_deliveries?.rows.map((r) => r.event_id)).toEqual([late.event_id]);
    for (const table of ["decisions", "runs", "content", "research"]) {
      expect(data.tables).toHaveProperty(table);
    }

    // when it is resumed, it is back: schedule, ingest, and the held delivery applied
    const resumed = await post(`/api/tenants/${tenant}/resume`);
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ status: "active", released: 1 });
    const back = await inspect(tenant);
    expect(back.schedules.map((s) => s.callback)).toContain("runCycle");
    expect(back.state.applied).toBe(2);
    expect((await postJson("/api/events", researchCompleted(tenant))).status).toBe(202);
  });
});

describe("who may pause, resume, archive and export", () => {
  it("answers 404 for an unknown tenant and 403 for a tenant's own token (operators only)", async () => {
    const tenant = await createTenant();
    const own = bearer(await mintToken({ role: "tenant", tenant }));
    for (const verb of ["pause", "resume", "archive"]) {
      expect((await post(`/api/tenants/no-such-tenant/${verb}`)).status).toBe(404);
      const asTenant = await api(`/api/tenants/${tenant}/${verb}`, {
        method: "POST",
        headers: own,
      });
      expect(asTenant.status).toBe(403);
    }
    expect((await api("/api/tenants/no-such-tenant/export")).status).toBe(404);
    expect((await api(`/api/tenants/${tenant}/export`, { headers: own })).status).toBe(403);
    // and a bad body is 422
    expect((await post(`/api/tenants/${tenant}/pause`, { reason: 42 })).status).toBe(422);
    // nothing was paused by any of it
    expect((await inspect(tenant)).held.hold).toBeNull();
  });
});
