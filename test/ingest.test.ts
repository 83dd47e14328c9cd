import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import {
  api,
  createTenant,
  eventually,
  postJson,
  researchCompleted,
  uniqueTenant,
} from "./support/api";
import { asOperator } from "./support/auth";
import { recordingQueue } from "./support/queues";

async function tenantState(id: string) {
  const response = await api(`/api/tenants/${id}`);
  const body = (await response.json()) as { state: { applied: number; duplicates: number } };
  return body.state;
}

describe("POST /api/events", () => {
  it("accepts a valid event with 202, its event id and the trace it joined", async () => {
    const tenant = await createTenant();
    const event = researchCompleted(tenant);
    const response = await postJson("/api/events", event);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { trace_id: string };
    expect(body).toEqual({
      accepted: 1,
      event_ids: [event.event_id],
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      trace_ids: [body.trace_id],
    });
  });

  it("applies an event once however often it is posted", async () => {
    const tenant = await createTenant();
    const event = researchCompleted(tenant);
    await postJson("/api/events", event);
    await eventually(
      () => tenantState(tenant),
      (s) => s.applied === 1,
    );
    await postJson("/api/events", event);
    const state = await eventually(
      () => tenantState(tenant),
      (s) => s.duplicates === 1,
    );
    expect(state).toMatchObject({ applied: 1, duplicates: 1 });
  });

  it("records applied events in the tenant's event log, newest first", async () => {
    const tenant = await createTenant();
    const first = researchCompleted(tenant, { correlation_id: "c-1" });
    const second = researchCompleted(tenant, { correlation_id: "c-2" });
    await postJson("/api/events", [first, second]);
    const log = await eventually(
      async () =>
        (await (await api(`/api/events?tenant=${tenant}`)).json()) as {
          events: { event_id: string }[];
        },
      (body) => body.events.length === 2,
    );
    expect(log.events.map((e) => e.event_id)).toEqual([second.event_id, first.event_id]);
    const filtered = (await (
      await api(`/api/events?tenant=${tenant}&correlation_id=c-1`)
    ).json()) as {
      events: { event_id: string }[];
    };
    expect(filtered.events.map((e) => e.event_id)).toEqual([first.event_id]);
  });

  it("pages through the event log with the before cursor", async () => {
    const tenant = await createTenant();
    const events = [1, 2, 3].map((n) => researchCompleted(tenant, { correlation_id: `p-${n}` }));
    await postJson("/api/events", events);
    type Page = { events: { event_id: string }[]; next_before: number | null };
    const read = async (query: string) =>
      (await (await api(`/api/events?tenant=${tenant}&limit=2${query}`)).json()) as Page;
    const first = await eventually(
      () => read(""),
      (page) => page.next_before !== null,
    );
    expect(first.events.map((e) => e.event_id)).toEqual(
      [events[2], events[1]].map((e) => e?.event_id),
    );

    const second = await read(`&before=${first.next_before}`);
    expect(second.events.map((e) => e.event_id)).toEqual([events[0]?.event_id]);
    expect(second.next_before).toBeNull();
  });

  it("rejects a batch with one invalid item with 400, per-item errors, and enqueues none", async () => {
    // Given a platform whose events queue records what it is sent
    const tenant = await createTenant();
    const events = recordingQueue();
    const good = researchCompleted(tenant);
    const bad = researchCompleted(tenant, { payload: { research_ids: "nope" } });

    // When a batch with one bad item is posted
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("http://switchboard.test/api/events", {
        method: "POST",
        headers: { "content-type": "application/json", ...(await asOperator()) },
        body: JSON.stringify([good, bad]),
      }),
      { ...env, EVENTS_QUEUE: events.queue },
      ctx,
    );
    await waitOnExecutionContext(ctx);

    // Then it names the bad item, and the good one never reached the queue
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { errors: { index: number }[] };
    expect(problem.errors.map((e) => e.index)).toEqual([1]);
    expect(events.sent).toEqual([]);
  });

  it("enqueues a valid batch on the events queue, which the recording queue would show", async () => {
    // The converse of the test above, so that its empty queue cannot pass by accident.
    const tenant = await createTenant();
    const events = recordingQueue();
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("http://switchboard.test/api/events", {
        method: "POST",
        headers: { "content-type": "application/json", ...(await asOperator()) },
        body: JSON.stringify([researchCompleted(tenant)]),
      }),
      { ...env, EVENTS_QUEUE: events.queue },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(202);
    expect(events.sent).toHaveLength(1);
  });

  it("refuses an event for an unknown tenant with 422", async () => {
    const response = await postJson("/api/events", researchCompleted(uniqueTenant("ghost")));
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers 415 for a body that is not JSON", async () => {
    const response = await api("/api/events", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(response.status).toBe(415);
  });

  it("answers 400 for malformed JSON", async () => {
    const response = await postJson("/api/events", "{not json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { title: string }).title).toBe("Bad request");
  });

  it("answers 413 for more than 100 messages", async () => {
    const tenant = await createTenant();
    const many = Array.from({ length: 101 }, () => researchCompleted(tenant));
    expect((await postJson("/api/events", many)).status).toBe(413);
  });

  it("answers 413 for a body over 1 MB", async () => {
    const response = await postJson("/api/events", { padding: "x".repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
  });
});

describe("the API's errors", () => {
  it("answers an unknown route with a problem+json 404", async () => {
    const response = await api("/api/nope");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 404, title: "Not found" });
  });

  it("reports health with the version", async () => {
    const response = await api("/api/health");
    expect(await response.json()).toEqual({ ok: true, version: "0.1.0" });
  });
});
