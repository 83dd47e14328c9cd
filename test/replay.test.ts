import { describe, expect, it } from "vitest";
import { api, eventually, postJson, uniqueTenant } from "./support/api";
import { inAgent } from "./support/content";
import { createTenantWithStrategy, putStrategy, runCycle } from "./support/tenant";

type Counts = { applied: number; duplicates: number; decisions: number };
type Outline = { kind: string; kept: string[]; emits: string[] };
type PreviewItem = {
  event_id: string;
  type: string;
  dedup: "skip" | "apply";
  reason: string;
  decision?: { then: Outline | null; now: Outline; differs: boolean };
};
type Preview = {
  preview: true;
  items: PreviewItem[];
  totals: { selected: number; skip: number; apply: number; differs: number };
};
type Sent = {
  preview: false;
  items: { event_id: string; outcome: string; dedup: string }[];
  totals: { selected: number; sent: number; skip: number; apply: number };
};

const STRATEGY = {
  seed_keywords: ["solar panels"],
  max_difficulty: 100,
  min_volume: 0,
  social_enabled: false,
};

async function counts(tenant: string): Promise<Counts> {
  const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { applied: number; duplicates: number; counts: { decisions: number } };
  };
  return {
    applied: body.state.applied,
    duplicates: body.state.duplicates,
    decisions: body.state.counts.decisions,
  };
}

async function publications(tenant: string): Promise<unknown[]> {
  const response = await api(`/services/publisher/${tenant}/publications`);
  return ((await response.json()) as { publications: unknown[] }).publications;
}

async function replay<T>(body: Record<string, unknown>): Promise<{ status: number; body: T }> {
  const response = await postJson("/api/replay", body);
  return { status: response.status, body: (await response.json()) as T };
}

/** A tenant whose cycle ran to a published article: its chain, settled. */
async function publishedChain(): Promise<{ tenant: string; chain: string }> {
  const tenant = await createTenantWithStrategy(STRATEGY);
  const chain = await runCycle(tenant);
  await eventually(
    () => publications(tenant),
    (list) => list.length === 1,
    20_000,
  );
  // Everything the chain sends the agent has arrived (the page's content.published last).
  await eventually(
    async () =>
      (
        (await (await api(`/api/events?tenant=${tenant}&type=content.published`)).json()) as {
          events: unknown[];
        }
      ).events,
    (events) => events.length === 1,
  );
  return { tenant, chain };
}

describe("POST /api/replay", () => {
  it("previews a chain without changing anything: every id still remembered is a skip", async () => {
    // given a tenant whose chain ran to a published article
    const { tenant, chain } = await publishedChain();
    const before = await counts(tenant);

    // when its chain is previewed
    const { status, body } = await replay<Preview>({
      tenant,
      correlation_id: chain,
      preview: true,
    });

    // then every event of the chain, its opener too, would be skipped by the dedup
    expect(status).toBe(200);
    const types = body.items.map((i) => i.type);
    expect(types).toContain("cycle.requested");
    expect(types).toContain("research.completed");
    expect(body.items.every((i) => i.dedup === "skip")).toBe(true);
    expect(body.totals).toMatchObject({ selected: body.items.length, skip: body.items.length });
    // the research decision, decided again under the same strategy, does not differ
    const research = body.items.find((i) => i.type === "research.completed");
    expect(research?.decision).toMatchObject({
      // biome-ignore lint/suspicious/noThenProperty: the answer's field (the decision then), not a promise.
      then: { kind: "research", kept: ["solar panels"] },
      now: { kind: "research", kept: ["solar panels"] },
      differs: false,
    });
    // and nothing changed
    expect(await counts(tenant)).toEqual(before);
  });

  it("sends the events again under their ids: the agent counts them as duplicates and applies nothing twice", async () => {
    // given a settled chain
    const { tenant, chain } = await publishedChain();
    const before = await counts(tenant);

    // when it is replayed
    const { status, body } = await replay<Sent>({ tenant, correlation_id: chain });

    // then each event was sent, as a skip
    expect(status).toBe(200);
    const n = body.items.length;
    expect(n).toBeGreaterThan(2);
    expect(body.items.every((i) => i.outcome === "sent" && i.dedup === "skip")).toBe(true);
    expect(body.totals).toMatchObject({ selected: n, sent: n, skip: n, apply: 0 });
    // the agent's duplicate count rises by exactly N, and nothing else moves
    const after = await eventually(
      () => counts(tenant),
      (c) => c.duplicates === before.duplicates + n,
    );
    expect(after).toEqual({ ...before, duplicates: before.duplicates + n });
    expect(await publications(tenant)).toHaveLength(1);
  });

  it("applies an event once again when it is past the dedup horizon", async () => {
    // given an event the agent applied, and a prune a fortnight later that forgot its id
    const tenant = await createTenantWithStrategy(STRATEGY);
    const posted = await postJson("/api/events", {
      event_id: crypto.randomUUID(),
      type: "social.posted",
      source: "social",
      tenant_id: tenant,
      timestamp: new Date().toISOString(),
      payload: { content_id: "c-1", post_ids: ["p-1"] },
    });
    expect(posted.status).toBe(202);
    const start = await eventually(
      () => counts(tenant),
      (c) => c.applied >= 1,
    );
    await inAgent(tenant, (agent) => agent.prune(Date.now() + 15 * 24 * 60 * 60 * 1000));

    // when it is previewed, then it would be applied
    const preview = await replay<Preview>({ tenant, type: "social.posted", preview: true });
    expect(preview.body.items).toEqual([
      expect.objectContaining({ type: "social.posted", dedup: "apply" }),
    ]);
    expect(preview.body.items[0]?.reason).toContain("past the dedup horizon");

    // and replayed, it is applied once
    const sent = await replay<Sent>({ tenant, type: "social.posted" });
    expect(sent.body.totals).toMatchObject({ sent: 1, apply: 1 });
    await eventually(
      () => counts(tenant),
      (c) => c.applied === start.applied + 1,
    );
    // after which its id is remembered again: a second replay would be a skip
    const again = await replay<Preview>({ tenant, type: "social.posted", preview: true });
    expect(again.body.items[0]?.dedup).toBe("skip");
  });

  it("flags the decisions a changed strategy would decide otherwise", async () => {
    // given a chain decided under a strategy that kept its keyword
    const { tenant, chain } = await publishedChain();
    // when the strategy changes so that the keyword is too difficult now
    await putStrategy(tenant, { ...STRATEGY, max_difficulty: 1 });

    // then the preview flags the research decision: kept then, dropped now
    const { body } = await replay<Preview>({ tenant, correlation_id: chain, preview: true });
    const research = body.items.find((i) => i.type === "research.completed");
    expect(research?.decision).toMatchObject({
      // biome-ignore lint/suspicious/noThenProperty: the answer's field (the decision then), not a promise.
      then: { kept: ["solar panels"] },
      now: { kept: [] },
      differs: true,
    });
    expect(body.totals.differs).toBeGreaterThanOrEqual(1);
  });

  it("answers 400 for bad filters, 404 for an unknown tenant and an empty selection with no items", async () => {
    const tenant = await createTenantWithStrategy(STRATEGY);
    expect((await postJson("/api/replay", { tenant, limit: 501 })).status).toBe(400);
    expect(
      (
        await postJson("/api/replay", {
          tenant,
          from: "2026-01-02T00:00:00Z",
          to: "2026-01-01T00:00:00Z",
        })
      ).status,
    ).toBe(400);
    expect((await postJson("/api/replay", { tenant, colour: "red" })).status).toBe(400);
    expect((await postJson("/api/replay", { tenant: uniqueTenant("none") })).status).toBe(404);
    const empty = await replay<Sent>({ tenant, type: "content.refresh" });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ items: [], totals: { selected: 0, sent: 0 } });
  });

  it("records a replay in the audit log under its tenant, and not a preview", async () => {
    const { tenant, chain } = await publishedChain();
    await replay<Preview>({ tenant, correlation_id: chain, preview: true });
    await replay<Sent>({ tenant, correlation_id: chain });
    const lines = await eventually(
      async () =>
        (
          (await (await api(`/api/audit?tenant=${tenant}&limit=50`)).json()) as {
            entries: { action: string; tenant_id: string | null }[];
          }
        ).entries.filter((e) => e.action === "events.replay"),
      (found) => found.length > 0,
    );
    expect(lines).toEqual([
      expect.objectContaining({ action: "events.replay", tenant_id: tenant }),
    ]);
  });
});
