import { describe, expect, it } from "vitest";
import { spanIdOf } from "../events";
import { eventually, postJson } from "./support/api";
import { deliverBatch } from "./support/queues";
import {
  createTenantWithStrategy,
  researchDecided,
  type TraceEntry,
  trace,
} from "./support/tenant";

/** A trace entry with the W3C fields `GET /api/trace/:id` adds to messages and runs. */
type Traced = TraceEntry & {
  causation_id?: string | null;
  trace_id?: string | null;
  span_id?: string | null;
  parent_span_id?: string | null;
};

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const HEADER = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

/** A tenant whose cycle researches one keyword, writes it up and announces it. */
function tenantWithOneArticle(): Promise<string> {
  return createTenantWithStrategy({
    seed_keywords: ["trail shoes"],
    max_difficulty: 100,
    min_volume: 0,
    max_articles_per_cycle: 1,
    social_enabled: true,
  });
}

function cycleRequest(tenant: string) {
  return {
    event_id: crypto.randomUUID(),
    type: "cycle.requested",
    source: "test",
    tenant_id: tenant,
    timestamp: new Date().toISOString(),
    payload: { reason: "traced from outside" },
  };
}

/** Ingests a cycle request; returns its event id (the chain it opens) and the answer. */
async function ingestCycle(
  tenant: string,
  headers: Record<string, string> = {},
): Promise<{ chain: string; answer: { trace_id: string; trace_ids: string[] } }> {
  const request = cycleRequest(tenant);
  const response = await postJson("/api/events", request, headers);
  expect(response.status).toBe(202);
  return { chain: request.event_id, answer: await response.json() };
}

const hops = (entries: Traced[]) => entries.filter((e) => e.kind === "message" || e.kind === "run");

/**
 * Each span's parent is its cause's span: a message's cause is its causation_id, a run's
 * is the message its decision answered (the run's parent is that decision).
 */
function expectEachParentIsTheCause(entries: Traced[]): void {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const hop of hops(entries)) {
    const causeId =
      hop.kind === "run" ? byId.get(hop.parent ?? "")?.parent : (hop.causation_id ?? undefined);
    if (!causeId) continue;
    // The cause's span is derived from its id, so a cause outside this agent's trace
    // (the social.post the fan-out made) is checked too.
    expect(hop.parent_span_id, `${hop.type ?? hop.kind} ${hop.id}`).toBe(spanIdOf(causeId));
    const cause = byId.get(causeId);
    if (cause) expect(hop.parent_span_id).toBe(cause.span_id);
  }
}

describe("W3C traceparent across the queues", () => {
  it("carries the caller's trace through every hop of a chain, each span a child of its cause", async () => {
    // Given a tenant, and a caller in a trace of its own
    const tenant = await tenantWithOneArticle();

    // When it sends a cycle request with its traceparent header
    const { chain, answer } = await ingestCycle(tenant, { traceparent: HEADER });
    expect(answer).toMatchObject({ trace_id: TRACE_ID, trace_ids: [TRACE_ID] });

    // And the chain runs through research, a content run, the publisher and social
    const entries = (await eventually(
      () => trace(tenant, chain),
      (list) => list.some((e) => e.kind === "message" && e.type === "social.posted"),
      40_000,
    )) as Traced[];

    // Then every message and run of the chain is in the caller's trace
    const types = new Set(hops(entries).map((e) => e.type ?? e.kind));
    for (const type of ["cycle.requested", "research.completed", "run", "content.published"])
      expect(types).toContain(type);
    for (const hop of hops(entries)) expect(hop.trace_id, hop.id).toBe(TRACE_ID);

    // And the request's message is a child of the caller's span, every other of its cause's
    const root = entries.find((e) => e.id === chain);
    expect(root?.parent_span_id).toBe(CALLER_SPAN);
    expectEachParentIsTheCause(entries);
    const spans = hops(entries).map((e) => e.span_id);
    expect(new Set(spans).size).toBe(spans.length);
  }, 60_000);

  it("mints a trace at ingest when the request brings none, and the chain shares it", async () => {
    // Given a tenant
    const tenant = await tenantWithOneArticle();

    // When a cycle request arrives without a traceparent
    const { chain, answer } = await ingestCycle(tenant);

    // Then the answer names the trace minted for it
    expect(answer.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.trace_ids).toEqual([answer.trace_id]);

    // And the chain, through the research service and back, is in that trace
    const entries = (await researchDecided(tenant, chain)) as Traced[];
    expect(hops(entries).length).toBeGreaterThanOrEqual(4);
    for (const hop of hops(entries)) expect(hop.trace_id, hop.id).toBe(answer.trace_id);
    expectEachParentIsTheCause(entries);
  }, 30_000);

  it("applies a message from before traceparent, and what it causes shares its chain's trace", async () => {
    // Given a stored cycle request without a traceparent (a letter redriven, say)
    const tenant = await tenantWithOneArticle();
    const old = cycleRequest(tenant);

    // When it reaches the events queue again
    const result = await deliverBatch("events", [old]);
    expect(result.explicitAcks).toEqual(["m-0"]);

    // Then it is applied, and the messages it causes share the trace named after the chain
    const entries = (await researchDecided(tenant, old.event_id)) as Traced[];
    const [root, ...caused] = hops(entries);
    expect(root).toMatchObject({ id: old.event_id, trace_id: null, parent_span_id: null });
    expect(caused.length).toBeGreaterThanOrEqual(3);
    for (const hop of caused) expect(hop.trace_id, hop.id).toBe(old.event_id.replaceAll("-", ""));
    expectEachParentIsTheCause(entries);
  }, 30_000);

  it("refuses a malformed traceparent header with a problem naming it", async () => {
    const tenant = await tenantWithOneArticle();
    for (const header of [
      "not-a-trace",
      `00-${"0".repeat(32)}-${CALLER_SPAN}-01`,
      HEADER.toUpperCase(),
    ]) {
      const response = await postJson("/api/events", cycleRequest(tenant), {
        traceparent: header,
      });
      expect(response.status, header).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await response.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors).toEqual([
        { path: "traceparent", message: expect.stringContaining("traceparent") },
      ]);
    }
  });

  it("refuses a malformed traceparent in the envelope, naming the field", async () => {
    const tenant = await tenantWithOneArticle();
    const response = await postJson("/api/events", {
      ...cycleRequest(tenant),
      traceparent: `00-${TRACE_ID}-${"0".repeat(16)}-01`,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as {
      errors: { index: number; errors: { path: string }[] }[];
    };
    expect(problem.errors).toEqual([
      expect.objectContaining({
        index: 0,
        errors: [expect.objectContaining({ path: "traceparent" })],
      }),
    ]);
  });
});
