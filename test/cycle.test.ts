import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweepTenants } from "../worker/sweep";
import { api, createTenant, eventually } from "./support/api";
import {
  createTenantWithStrategy,
  putStrategy,
  researchDecided,
  runCycle,
  trace,
} from "./support/tenant";

const SEEDS = ["budget apps", "crypto tax", "saving money tips", "credit card rewards"];

describe("a cycle run on demand", () => {
  it("answers 202 with a fresh correlation_id each time", async () => {
    const tenant = await createTenantWithStrategy({ seed_keywords: SEEDS });
    const first = await runCycle(tenant);
    const second = await runCycle(tenant);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it("asks for research, and the trace follows the chain to the decision and the runs it started", async () => {
    // Given a tenant whose strategy keeps anything but the hardest keywords, two a cycle
    const tenant = await createTenantWithStrategy({
      seed_keywords: SEEDS,
      max_difficulty: 100,
      min_volume: 0,
      max_articles_per_cycle: 2,
    });

    // When a cycle runs on demand
    const chain = await runCycle(tenant);

    // Then the chain reaches the research service and back, and the agent decides
    const entries = await researchDecided(tenant, chain);
    const kinds = entries.map((e) => (e.kind === "message" ? `${e.type}` : e.kind));
    expect(kinds.slice(0, 5)).toEqual([
      "cycle.requested",
      "decision",
      "cycle.started",
      "research.requested",
      "research.completed",
    ]);
    const requested = entries.find((e) => e.type === "research.requested");
    expect(requested?.payload).toEqual({ keywords: SEEDS, priority: "normal" });
    expect(requested?.direction).toBe("out");

    // And the decision explains each keyword and started one run per kept keyword
    const decision = entries.find((e) => e.kind === "decision" && e.summary?.startsWith("kept"));
    expect(decision?.summary).toBe("kept 2 of 4 keywords (strategy v1)");
    expect(decision?.reasons?.filter((r) => r.verdict === "kept")).toHaveLength(2);
    expect(decision?.reasons).toHaveLength(4);
    const runs = entries.filter((e) => e.kind === "run");
    expect(runs.map((r) => r.parent)).toEqual([decision?.id, decision?.id]);

    // And the runs are listed for the tenant
    const listed = await eventually(
      async () =>
        (await (await api(`/api/tenants/${tenant}/runs`)).json()) as {
          runs: { run_id: string; status: string; correlation_id: string }[];
        },
      (body) => body.runs.length === 2 && body.runs.every((r) => r.status !== "requested"),
    );
    expect(listed.runs.map((r) => r.correlation_id)).toEqual([chain, chain]);
  });

  it("shows a strategy change in the next cycle's decision and its reasons", async () => {
    // Given a strategy that keeps nothing (no keyword is easier than difficulty 0)
    const tenant = await createTenantWithStrategy({
      seed_keywords: SEEDS,
      max_difficulty: 0,
      min_volume: 0,
      research_interval_days: 0,
    });
    const before = await researchDecided(tenant, await runCycle(tenant));
    const strict = before.find((e) => e.kind === "decision" && e.summary?.startsWith("kept"));
    expect(strict?.summary).toBe("kept 0 of 4 keywords (strategy v1)");
    expect(strict?.reasons?.every((r) => r.text.includes("≥ 0"))).toBe(true);

    // When the tenant raises the difficulty limit and runs the next cycle
    await putStrategy(tenant, {
      seed_keywords: SEEDS,
      max_difficulty: 100,
      min_volume: 0,
      research_interval_days: 0,
      max_articles_per_cycle: 1,
    });
    const after = await researchDecided(tenant, await runCycle(tenant));

    // Then the decision follows the new strategy and says so
    const lenient = after.find((e) => e.kind === "decision" && e.summary?.startsWith("kept"));
    expect(lenient?.summary).toBe("kept 1 of 4 keywords (strategy v2)");
    expect(lenient?.reasons?.find((r) => r.verdict === "kept")?.text).toMatch(/< 100/);
    expect(after.filter((e) => e.kind === "run")).toHaveLength(1);
  });

  it("does not ask for research again before the strategy's interval has passed", async () => {
    const tenant = await createTenantWithStrategy({
      seed_keywords: SEEDS,
      research_interval_days: 7,
    });
    await runCycle(tenant);
    const second = await trace(tenant, await runCycle(tenant));
    expect(second.map((e) => e.type).filter(Boolean)).toEqual(["cycle.requested", "cycle.started"]);
    const decision = second.find((e) => e.kind === "decision");
    expect(decision?.reasons?.[0]?.text).toMatch(
      /^research not due: last requested 0 days ago < 7$/,
    );
  });

  it("answers 404 for the cycle of a tenant that does not exist", async () => {
    expect((await api("/api/tenants/no-such-tenant-x/cycle", { method: "POST" })).status).toBe(404);
  });
});

describe("the cycle schedule", () => {
  it("runs a cycle through the callback its cron schedule names", async () => {
    const tenant = await createTenantWithStrategy({ cycle_cron: "*/10 * * * *" });
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, async (agent) => {
      const [schedule] = agent.getSchedules({ type: "cron" });
      expect(schedule?.callback).toBe("runCycle");
      await agent.runCycle();
    });
    const state = await stub.getTenantState();
    expect(state.counts.cycles).toBe(1);
    expect(state.current_cycle?.reason).toBe("scheduled");
  });

  it("is backed up by the platform sweep, which runs a cycle the schedule missed", async () => {
    // Given a tenant whose last cycle was two days ago on a daily cron
    const tenant = await createTenantWithStrategy({ cycle_cron: "0 6 * * *" });
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, (_agent, state) => {
      state.storage.sql.exec(
        "INSERT INTO tenant_meta (key, value) VALUES ('last_cycle_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString(),
      );
    });

    // When the sweep visits it
    const result = await stub.sweep();

    // Then it runs the overdue cycle, once
    expect(result.overdue_cycle).toBe(true);
    expect((await stub.sweep()).overdue_cycle).toBe(false);
    expect((await stub.getTenantState()).counts.cycles).toBe(1);
  });

  it("is visited a page of tenants at a time by the cron trigger, each in one call", async () => {
    await createTenant();
    const result = await sweepTenants(env);
    expect(result.visited).toBeGreaterThan(0);
    expect(result.failed).toBe(0);
  });
});
