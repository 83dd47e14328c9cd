import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage, type Message } from "../events";
import { api, createTenant, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";

/** `GET /api/tenants/:id/inspect`: the agent inspector in one read. */

type Inspection = {
  tenant: { id: string };
  state: { counters: { applied: number } } & Record<string, unknown>;
  strategy: { version: number; strategy: { cycle_cron: string } };
  inbox: { event_id: string; type: string }[];
  outbox: { pending: number; runs_to_start: number };
  schedules: { callback: string; type: string; next_at: string; cron: string | null }[];
  runs: unknown[];
  cost: unknown;
};

function posted(tenant: string): Message {
  return createMessage(
    "social.posted",
    { content_id: `c-${crypto.randomUUID().slice(0, 8)}`, post_ids: ["p-1"] },
    { tenant_id: tenant, source: "social" },
  );
}

describe("the agent inspector", () => {
  it("shows the agent's inbox, outbox, schedules, runs and strategy together", async () => {
    // Given a tenant whose agent applied one event
    const tenant = await createTenant(uniqueTenant("inspect"));
    const event = posted(tenant);
    await (await env.TENANT_AGENT.getByName(tenant)).applyEvents([event]);

    // When an operator inspects it
    const response = await api(`/api/tenants/${tenant}/inspect`);

    // Then the event is in its inbox, nothing waits in its outbox, its cycle is scheduled
    // by its strategy's cron, and its strategy is the first version.
    expect(response.status).toBe(200);
    const inspection = (await response.json()) as Inspection;
    expect(inspection.tenant.id).toBe(tenant);
    expect(inspection.inbox.map((e) => e.event_id)).toContain(event.event_id);
    expect(inspection.outbox).toMatchObject({ pending: 0, runs_to_start: 0 });
    expect(inspection.strategy.version).toBe(1);
    const cycle = inspection.strategy.strategy.cycle_cron;
    const cron = inspection.schedules.find((s) => s.type === "cron" && s.cron === cycle);
    expect(cron).toBeDefined();
    expect(Number.isNaN(Date.parse(cron?.next_at ?? ""))).toBe(false);
    expect(Array.isArray(inspection.runs)).toBe(true);
  });

  it("lets a tenant inspect its own agent only, and says 404 for no such tenant", async () => {
    const [own, other] = [
      await createTenant(uniqueTenant("inspect-own")),
      await createTenant(uniqueTenant("inspect-other")),
    ];
    const token = await mintToken({ role: "tenant", tenant: own });
    expect((await api(`/api/tenants/${own}/inspect`, { headers: bearer(token) })).status).toBe(200);
    expect((await api(`/api/tenants/${other}/inspect`, { headers: bearer(token) })).status).toBe(
      403,
    );
    expect((await api(`/api/tenants/${uniqueTenant("nobody")}/inspect`)).status).toBe(404);
  });
});
