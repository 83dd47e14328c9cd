import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type MessageType, messageTypes } from "../events";
import { payloadFixtures } from "../events/fixtures";
import worker from "../worker/index";
import { api, createTenant, eventually, postJson, researchCompleted } from "./support/api";
import { asOperator, bearer, mintToken } from "./support/auth";
import { deliverBatch, recordingQueue } from "./support/queues";

// The hostile suite of the ingest (beside the fuzz tests): who may send which type, as
// which source; values that would poison a handler; times from the future. Each case
// is an attack that was once let through.

/** A problem's per-message errors, as every ingest refusal lists them. */
type Items = { index: number; event_id?: string; errors: { path: string; message: string }[] }[];

/** A sender of the matrix: a tenant for itself, a service by its token, or an operator. */
type Sender = "tenant" | "research" | "publisher" | "social" | "analytics" | "other-service";

/**
 * What each sender may send, written out (not derived from the catalog's policy, so a
 * change of the policy shows here). Operators may send everything.
 */
const MAY_SEND: Record<Sender, readonly MessageType[]> = {
  tenant: ["cycle.requested"],
  research: ["research.completed", "cycle.requested"],
  publisher: ["content.published", "cycle.requested"],
  social: ["social.posted", "cycle.requested"],
  analytics: ["performance.report", "content.refresh", "cycle.requested"],
  "other-service": ["cycle.requested"],
};

function envelope(type: MessageType, tenant: string, source: string) {
  return {
    event_id: crypto.randomUUID(),
    type,
    source,
    tenant_id: tenant,
    timestamp: new Date().toISOString(),
    payload: payloadFixtures[type],
  };
}

async function senderHeaders(sender: Sender, tenant: string) {
  if (sender === "tenant") return bearer(await mintToken({ role: "tenant", tenant }));
  const service = sender === "other-service" ? "billing" : sender;
  // A subject of its own per test (the ingest rate limit is per subject), for the service.
  return bearer(
    await mintToken({ role: "service", subject: `${service}:${crypto.randomUUID().slice(0, 8)}` }),
  );
}

const sourceOf = (sender: Sender, tenant: string) =>
  sender === "tenant" ? `tenant:${tenant}` : sender === "other-service" ? "billing" : sender;

describe("who may send which type through POST /api/events", () => {
  const senders = Object.keys(MAY_SEND) as Sender[];
  const cases = senders.flatMap((sender) =>
    messageTypes.map((type) => ({ sender, type, allowed: MAY_SEND[sender].includes(type) })),
  );

  it.each(cases)("$sender sending $type: allowed $allowed", async ({ sender, type, allowed }) => {
    // Given a tenant and a sender's token
    const tenant = await createTenant();
    // When the sender sends the type, as its own source
    const response = await postJson(
      "/api/events",
      envelope(type, tenant, sourceOf(sender, tenant)),
      await senderHeaders(sender, tenant),
    );
    // Then it is accepted, or refused with a problem naming the type
    if (allowed) {
      expect(response.status).toBe(202);
      return;
    }
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as {
      detail: string;
      errors: { errors: { path: string }[] }[];
    };
    expect(problem.detail).toContain(type);
    expect(problem.errors[0]?.errors[0]?.path).toBe("type");
  });

  it("refuses a service's message whose source names another service", async () => {
    const tenant = await createTenant();
    const response = await postJson(
      "/api/events",
      envelope("research.completed", tenant, "publisher"),
      await senderHeaders("research", tenant),
    );
    expect(response.status).toBe(403);
    const problem = (await response.json()) as { errors: Items };
    expect(problem.errors[0]?.errors[0]).toMatchObject({ path: "source" });
    expect(problem.errors[0]?.errors[0]?.message).toContain("source must be research");
  });

  it("refuses a whole request when one of its messages is not the sender's to send", async () => {
    const tenant = await createTenant();
    const response = await postJson(
      "/api/events",
      [
        envelope("research.completed", tenant, "research"),
        envelope("content.publish", tenant, "research"),
      ],
      await senderHeaders("research", tenant),
    );
    expect(response.status).toBe(403);
    const problem = (await response.json()) as { errors: Items };
    expect(problem.errors.map((e) => e.index)).toEqual([1]);
  });

  it("lets an operator inject any type, recorded as the operator in the event's source", async () => {
    // Given a tenant
    const tenant = await createTenant();
    const message = envelope("social.posted", tenant, "social");
    const operator = await mintToken({ role: "operator", subject: `alice-${tenant}` });

    // When an operator injects a message in the social service's name
    const response = await postJson("/api/events", message, bearer(operator));

    // Then it is applied, and its source in the tenant's log says who injected it
    expect(response.status).toBe(202);
    const logged = await eventually(
      async () => {
        const log = await logOf(tenant);
        return log.find((e) => e.event_id === message.event_id);
      },
      (entry) => entry !== undefined,
    );
    expect(logged?.source).toBe(`operator:alice-${tenant}`.slice(0, 64));
  });
});

/** The tenant's event log, newest first, as an operator reads it. */
async function logOf(tenant: string) {
  const response = await api(`/api/events?tenant=${tenant}`);
  const body = (await response.json()) as {
    events: { event_id: string; source: string; payload: { urls?: string[] } }[];
  };
  return body.events;
}

describe("values that would poison a handler are refused at ingest", () => {
  it.each(["__proto__", "constructor", "prototype"])(
    "refuses a content_id of %s with the field named",
    async (id) => {
      const tenant = await createTenant();
      const message = envelope("content.published", tenant, "publisher");
      const response = await postJson(
        "/api/events",
        { ...message, payload: { ...message.payload, content_id: id } },
        await senderHeaders("publisher", tenant),
      );
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: Items };
      expect(problem.errors[0]?.errors.map((e) => e.path)).toContain("payload.content_id");
    },
  );

  it("refuses a tenant named like a prototype member", async () => {
    const response = await postJson("/api/events", researchCompleted("constructor"));
    expect(response.status).toBe(400);
  });

  it("refuses a page URL with a broken % escape", async () => {
    const tenant = await createTenant();
    const message = envelope("content.published", tenant, "publisher");
    const response = await postJson(
      "/api/events",
      { ...message, payload: { ...message.payload, urls: ["https://example.com/a%zzb"] } },
      await senderHeaders("publisher", tenant),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Items };
    expect(problem.errors[0]?.errors[0]?.message).toContain("broken % escape");
  });

  it("stores a page URL in its normal form, so two spellings are one page", async () => {
    const tenant = await createTenant();
    const message = envelope("content.published", tenant, "publisher");
    const response = await postJson(
      "/api/events",
      {
        ...message,
        payload: { ...message.payload, urls: ["HTTPS://Example.COM:443/Articles/%7euser"] },
      },
      await senderHeaders("publisher", tenant),
    );
    expect(response.status).toBe(202);
    const logged = await eventually(
      async () => (await logOf(tenant)).find((e) => e.event_id === message.event_id),
      (entry) => entry !== undefined,
    );
    expect(logged?.payload.urls).toEqual(["https://example.com/Articles/%7euser"]);
  });
});

describe("times from the future", () => {
  it("refuses a fact stamped 9999-12-31, which would otherwise win every later comparison", async () => {
    const tenant = await createTenant();
    const response = await postJson(
      "/api/events",
      { ...envelope("social.posted", tenant, "social"), timestamp: "9999-12-31T23:59:59Z" },
      await senderHeaders("social", tenant),
    );
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: Items };
    expect(problem.errors[0]?.errors.map((e) => e.path)).toEqual(["timestamp"]);
  });
});

describe("a message that throws in its agent fails alone", () => {
  it("applies the batch-mates of a poison message and dead-letters or retries only it", async () => {
    // Given a tenant whose agent throws on one particular message (a stand-in for a
    // value no check foresaw), in a batch with two good ones
    const tenant = await createTenant();
    const good = [
      envelope("social.posted", tenant, "social"),
      envelope("social.posted", tenant, "social"),
    ];
    const poison = envelope("social.posted", tenant, "social");
    const real = env.TENANT_AGENT;
    const throwingOnPoison = {
      getByName(name: string) {
        const stub = real.getByName(name);
        return {
          applyEvents(messages: { event_id: string }[], options?: unknown) {
            if (messages.some((m) => m.event_id === poison.event_id))
              return Promise.reject(new Error("the agent cannot apply this message"));
            return stub.applyEvents(messages as never, options as never);
          },
        };
      },
    } as unknown as Env["TENANT_AGENT"];

    // When the three arrive in one batch
    const result = await deliverBatch("events", [good[0], poison, good[1]], {
      bindings: { ...env, TENANT_AGENT: throwingOnPoison },
    });

    // Then the two good ones are acked and applied, and only the poison is retried
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-2"]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m-1"]);
    const logged = await logOf(tenant);
    expect(logged.map((e) => e.event_id).sort()).toEqual(good.map((g) => g.event_id).sort());
  });
});

describe("one tenant's flood does not crowd out another", () => {
  /** Calls the Worker with these vars over the test's own (a deployment's settings). */
  async function withVars(vars: Record<string, string>, request: Request) {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      request as Parameters<typeof worker.fetch>[0],
      { ...env, ...vars, EVENTS_QUEUE: recordingQueue().queue } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  }
  const post = async (path: string, body: unknown, method = "POST") =>
    new Request(`http://switchboard.test${path}`, {
      method,
      headers: { "content-type": "application/json", ...(await asOperator()) },
      body: JSON.stringify(body),
    });
  const batch = (tenant: string) =>
    Array.from({ length: 100 }, () => envelope("social.posted", tenant, "social"));

  it("refuses a tenant's events past its share with 429, and still takes another tenant's", async () => {
    // Given a deployment that lets each tenant bring 150 events at once, 1 a second after
    const vars = { TENANT_EVENTS_BURST: "150", TENANT_EVENTS_PER_SECOND: "1" };
    const flooding = await createTenant();
    const quiet = await createTenant();

    // When one tenant sends 200 events in two requests, then the other sends 100
    const first = await withVars(vars, await post("/api/events", batch(flooding)));
    const second = await withVars(vars, await post("/api/events", batch(flooding)));
    const other = await withVars(vars, await post("/api/events", batch(quiet)));

    // Then the flooding tenant's second request is refused whole, naming it; the other's passes
    expect(first.status).toBe(202);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await second.json()) as { detail: string }).detail).toContain(flooding);
    expect(other.status).toBe(202);
  });

  it("limits how often a tenant's cycles can be started, tenant by tenant", async () => {
    // Given a deployment that allows two cycle requests per tenant at once
    const vars = { TENANT_ACTIONS_PER_MINUTE: "2" };
    const busy = await createTenant();
    const other = await createTenant();

    // When one tenant asks for three cycles in a row, and another for one
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push((await withVars(vars, await post(`/api/tenants/${busy}/cycle`, {}))).status);
    const otherAnswer = await withVars(vars, await post(`/api/tenants/${other}/cycle`, {}));

    // Then the third is refused with 429, and the other tenant is served
    expect(answers.slice(0, 2).every((s) => s < 300)).toBe(true);
    expect(answers[2]).toBe(429);
    expect(otherAnswer.status).toBeLessThan(300);
  });
});
