import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { payloadFixtures } from "../events/fixtures";
import { api, createTenant, eventually, researchCompleted, uniqueTenant } from "./support/api";
import { deliverBatch, recordingQueue } from "./support/queues";

type TenantState = { applied: number; duplicates: number };

async function tenantState(id: string): Promise<TenantState> {
  const body = (await (await api(`/api/tenants/${id}`)).json()) as { state: TenantState };
  return body.state;
}

async function eventLogTypes(tenant: string): Promise<string[]> {
  const body = (await (await api(`/api/events?tenant=${tenant}`)).json()) as {
    events: { type: string }[];
  };
  return body.events.map((e) => e.type);
}

function published(tenant: string, overrides: Record<string, unknown> = {}) {
  return researchCompleted(tenant, {
    type: "content.published",
    source: "publisher",
    payload: payloadFixtures["content.published"],
    ...overrides,
  });
}

const ops = () => env.OPS_AGENT.getByName("main");

describe("fan-out by the route table", () => {
  it("announces a published article on social-commands as a social.post for a tenant with social enabled", async () => {
    const tenant = await createTenant();
    const social = recordingQueue();
    const event = published(tenant, { correlation_id: "cycle-1" });

    const result = await deliverBatch("events", [event], {
      bindings: { ...env, SOCIAL_COMMANDS_QUEUE: social.queue },
    });

    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(social.sent).toEqual([
      expect.objectContaining({
        type: "social.post",
        source: "fan-out",
        tenant_id: tenant,
        causation_id: event.event_id,
        correlation_id: "cycle-1",
        payload: {
          content_id: payloadFixtures["content.published"].content_id,
          url: payloadFixtures["content.published"].urls[0],
        },
      }),
    ]);
    expect(await eventLogTypes(tenant)).toEqual(["content.published"]);
  });

  it("does not announce anything for a tenant with social disabled", async () => {
    const tenant = await createTenant();
    await ops().setTenantSettings(tenant, { social_enabled: false });
    const social = recordingQueue();

    const result = await deliverBatch("events", [published(tenant)], {
      bindings: { ...env, SOCIAL_COMMANDS_QUEUE: social.queue },
    });

    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(social.sent).toEqual([]);
    expect(await eventLogTypes(tenant)).toEqual(["content.published"]);
  });

  it("reaches every destination once in effect when the same event is delivered twice", async () => {
    const tenant = await createTenant();
    const social = recordingQueue();
    const event = published(tenant);
    const bindings = { ...env, SOCIAL_COMMANDS_QUEUE: social.queue };

    await deliverBatch("events", [event], { bindings });
    await deliverBatch("events", [event], { bindings, attempts: 2 });

    // The agent applied it once; the social service gets one command id twice and skips the copy.
    expect(await tenantState(tenant)).toMatchObject({ applied: 1, duplicates: 1 });
    const ids = social.sent.map((body) => (body as { event_id: string }).event_id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("counts one duplicate when an event and its redelivery arrive in the same batch", async () => {
    // Given a registered tenant and the platform's duplicate count
    const tenant = await createTenant();
    const event = published(tenant);
    const before = await eventsDuplicates();

    // When the event and an exact copy of it are delivered together
    const result = await deliverBatch("events", [event, structuredClone(event)]);

    // Then both are acked, the agent applied it once, and one duplicate is counted
    expect(result.explicitAcks).toHaveLength(2);
    expect(await tenantState(tenant)).toMatchObject({ applied: 1, duplicates: 1 });
    expect((await eventsDuplicates()) - before).toBe(1);
  });

  it("dead-letters a message for a tenant that is not registered, at once, with the reason", async () => {
    const tenant = uniqueTenant("ghost");
    const result = await deliverBatch("events", [researchCompleted(tenant)]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
    const letters = await eventually(
      () => ops().listDeadLetters({ tenant, limit: 10 }),
      (list) => list.length === 1,
    );
    expect(letters[0]?.reason).toMatch(/^unknown tenant /);
  });

  it("shows platform events in the operator's live feed", async () => {
    const tenant = await createTenant();
    const failed = researchCompleted(tenant, {
      type: "workflow.failed",
      source: "content-workflow",
      payload: payloadFixtures["workflow.failed"],
    });
    await deliverBatch("events", [failed]);
    const feed = await ops().listFeed(200);
    expect(feed.find((e) => e.event_id === failed.event_id)).toMatchObject({
      type: "workflow.failed",
      tenant_id: tenant,
    });
    expect(await eventLogTypes(tenant)).toEqual(["workflow.failed"]);
  });
});

describe("the agent-commands consumer", () => {
  it("delivers cycle.requested and content.refresh sent by a service to the tenant's agent", async () => {
    const tenant = await createTenant();
    const cycle = researchCompleted(tenant, {
      type: "cycle.requested",
      source: "catalog-service",
      payload: payloadFixtures["cycle.requested"],
    });
    const refresh = researchCompleted(tenant, {
      type: "content.refresh",
      source: "analytics",
      payload: payloadFixtures["content.refresh"],
    });
    // Through the real queue, as another Worker bound to agent-commands would send them.
    await env.AGENT_COMMANDS_QUEUE.sendBatch([{ body: cycle }, { body: refresh }]);
    // (A cycle sets off more messages of its own; these two are what was sent.)
    const types = await eventually(
      () => eventLogTypes(tenant),
      (list) => list.includes("cycle.requested") && list.includes("content.refresh"),
    );
    expect(types.filter((t) => t === "cycle.requested" || t === "content.refresh").sort()).toEqual([
      "content.refresh",
      "cycle.requested",
    ]);
  });
});

describe("GET /api/routes", () => {
  it("shows the versioned route table with a hit count per rule, counted per batch", async () => {
    const before = await routes();
    const tenant = await createTenant();
    const social = recordingQueue();
    await deliverBatch(
      "events",
      [published(tenant), published(tenant), researchCompleted(tenant)],
      {
        bindings: { ...env, SOCIAL_COMMANDS_QUEUE: social.queue },
      },
    );
    const after = await routes();

    expect(after.version).toBeGreaterThanOrEqual(2);
    const rule = after.rules.find((r) => r.id === "social-on-publish");
    expect(rule).toMatchObject({
      match: "content.published",
      when: { tenant_setting: "social_enabled", equals: true },
    });
    const hits = (body: typeof after, id: string) => body.rules.find((r) => r.id === id)?.hits ?? 0;
    expect(hits(after, "social-on-publish") - hits(before, "social-on-publish")).toBe(2);
    expect(hits(after, "agent-research") - hits(before, "agent-research")).toBe(1);
    expect(rule?.last_hit_at).not.toBeNull();
  });
});

async function eventsDuplicates(): Promise<number> {
  const response = await api("/api/metrics");
  expect(response.status).toBe(200);
  const body = (await response.json()) as { queues: Record<string, { duplicates: number }> };
  return body.queues.events?.duplicates ?? 0;
}

async function routes() {
  const response = await api("/api/routes");
  expect(response.status).toBe(200);
  return (await response.json()) as {
    version: number;
    rules: { id: string; match: string; hits: number; last_hit_at: string | null }[];
  };
}
