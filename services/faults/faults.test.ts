import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createMessage } from "../../events";
import { api, eventually, uniqueTenant } from "../../test/support/api";
import { runBatch } from "../../test/support/queue";

function put(service: string, body: unknown) {
  return api(`/api/services/${service}/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

function socialPost(tenant: string) {
  return createMessage(
    "social.post",
    { content_id: "c-1", url: `https://brand.example/sites/${tenant}/a` },
    { tenant_id: tenant, source: "test" },
  );
}

type Letter = {
  id: string;
  event_id: string | null;
  queue: string;
  reason: string;
  tenant_id: string;
};

/** The tenant's dead letters, once `eventId` is among them (the DLQ hop is asynchronous). */
async function deadLettersOf(tenant: string, eventId: string): Promise<Letter[]> {
  return eventually(
    async () =>
      ((await (await api(`/api/dlq?tenant=${tenant}`)).json()) as { dead_letters: Letter[] })
        .dead_letters,
    (letters) => letters.some((l) => l.event_id === eventId),
  );
}

// Faults are service-wide: each test scopes its fault to its own tenant, and clears it.
afterEach(async () => {
  await api("/api/services/social/faults", { method: "DELETE" });
  await api("/api/services/research/faults", { method: "DELETE" });
});

describe("the faults API", () => {
  it("sets, shows and clears a service's fault", async () => {
    const tenant = uniqueTenant("flt");
    const set = await put("social", { fail_rate: 0.5, latency_ms: 200, tenant });
    expect(set.status).toBe(200);

    const shown = await (await api("/api/services/social/faults")).json();
    expect(shown).toMatchObject({
      service: "social",
      fault: { fail_rate: 0.5, permanent: false, latency_ms: 200, tenant },
    });

    expect((await api("/api/services/social/faults", { method: "DELETE" })).status).toBe(204);
    expect(await (await api("/api/services/social/faults")).json()).toMatchObject({ fault: null });
  });

  it("lists every service with its queue", async () => {
    const body = (await (await api("/api/services")).json()) as { services: { service: string }[] };
    expect(body.services.map((s) => s.service)).toEqual([
      "research",
      "publisher",
      "social",
      "analytics",
    ]);
  });

  it("answers 422 with field errors for a bad fault, and changes nothing", async () => {
    const response = await put("social", { fail_rate: 2, permanent: "yes" });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["fail_rate", "permanent"]);
    expect(await (await api("/api/services/social/faults")).json()).toMatchObject({ fault: null });
  });

  it("answers 404 for a service that does not exist", async () => {
    const response = await put("printer", { fail_rate: 1 });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("a service with a fault", () => {
  it("dead-letters its commands at once when the fault is permanent", async () => {
    const tenant = uniqueTenant("flt");
    await put("social", { fail_rate: 1, permanent: true, tenant });
    const command = socialPost(tenant);

    const result = await runBatch("social-commands", [command]);

    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
    const letters = await deadLettersOf(tenant, command.event_id);
    const letter = letters.find((l) => l.event_id === command.event_id);
    expect(letter).toMatchObject({ queue: "social-commands", tenant_id: tenant });
    expect(letter?.reason).toMatch(/permanent failure: fault injected into the social service/);
    expect(await env.SOCIAL_SERVICE.getByName(tenant).listPosts()).toEqual([]);
  });

  it("retries its commands (with backoff) when the fault is transient", async () => {
    const tenant = uniqueTenant("flt");
    await put("social", { fail_rate: 1, tenant });

    const result = await runBatch("social-commands", [socialPost(tenant)], 3);

    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-0"]);
    expect(await env.SOCIAL_SERVICE.getByName(tenant).listPosts()).toEqual([]);
  });

  it("leaves other tenants' commands alone when the fault names a tenant", async () => {
    const faulty = uniqueTenant("flt");
    const healthy = uniqueTenant("flt");
    await put("social", { fail_rate: 1, tenant: faulty });

    const result = await runBatch("social-commands", [socialPost(faulty), socialPost(healthy)]);

    expect(result.explicitAcks).toEqual(["m-1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-0"]);
    expect(await env.SOCIAL_SERVICE.getByName(healthy).listPosts()).toHaveLength(2);
  });

  it("applies the command once the fault is cleared", async () => {
    const tenant = uniqueTenant("flt");
    await put("social", { fail_rate: 1, tenant });
    const command = socialPost(tenant);
    await runBatch("social-commands", [command]);

    await api("/api/services/social/faults", { method: "DELETE" });
    const result = await runBatch("social-commands", [command], 2);

    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(await env.SOCIAL_SERVICE.getByName(tenant).listPosts()).toHaveLength(2);
  });
});

describe("the research service with a fault", () => {
  it("dead-letters its commands too, before any research is done", async () => {
    const tenant = uniqueTenant("flt");
    await put("research", { fail_rate: 1, permanent: true, tenant });
    const command = createMessage(
      "research.requested",
      { keywords: ["winter tyres"] },
      { tenant_id: tenant, source: "test" },
    );

    const result = await runBatch("research-commands", [command]);

    expect(result.explicitAcks).toEqual(["m-0"]);
    const [letter] = await deadLettersOf(tenant, command.event_id);
    expect(letter?.reason).toMatch(/fault injected into the research service/);
  });
});

describe("a dead-lettered command", () => {
  it("is applied exactly once when redriven after the fault is cleared", async () => {
    // Given a command dead-lettered by a permanent fault
    const tenant = uniqueTenant("flt");
    await put("social", { fail_rate: 1, permanent: true, tenant });
    const command = socialPost(tenant);
    await runBatch("social-commands", [command]);
    const [letter] = await deadLettersOf(tenant, command.event_id);

    // When the fault is cleared and the letter redriven
    await api("/api/services/social/faults", { method: "DELETE" });
    const redrive = await api("/api/dlq/redrive", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids: [letter?.id] }),
    });
    expect(redrive.status).toBe(200);

    // Then the service applies it: its posts exist once, and the letter is gone
    const social = env.SOCIAL_SERVICE.getByName(tenant);
    const posts = await eventually(
      () => social.listPosts(),
      (list) => list.length > 0,
    );
    expect(posts).toHaveLength(2);
    const left = (await (await api(`/api/dlq?tenant=${tenant}`)).json()) as {
      dead_letters: Letter[];
    };
    expect(left.dead_letters).toEqual([]);

    // And a second delivery of the same command changes nothing
    const again = await runBatch("social-commands", [command]);
    expect(again.explicitAcks).toEqual(["m-0"]);
    expect(await social.listPosts()).toHaveLength(2);
  });
});

describe("a service's queue", () => {
  it("dead-letters a command that is not the service's at once", async () => {
    const tenant = uniqueTenant("flt");
    const misrouted = createMessage(
      "content.publish",
      { content_id: "c-1", keyword: "k" },
      { tenant_id: tenant, source: "test" },
    );
    const result = await runBatch("social-commands", [misrouted]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    const letters = await deadLettersOf(tenant, misrouted.event_id);
    expect(letters.find((l) => l.event_id === misrouted.event_id)?.reason).toMatch(
      /does not take content.publish/,
    );
  });
});
