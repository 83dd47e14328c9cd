import { beforeAll, describe, expect, it } from "vitest";
import type { FieldError, StrategyPreview } from "../events";
import { keywordMetrics } from "../services/research/metrics";
import { api, postJson, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { createTenantWithStrategy, researchDecided, runCycle } from "./support/tenant";

type Preview = StrategyPreview<Record<string, unknown>>;

const SEEDS = ["budget apps", "crypto tax", "saving money tips"];
/**
 * Keeps every researched keyword but starts no run (no run a day), so nothing is taken
 * and the tenant stays quiet: what a draft changes shows in the replay of its research.
 */
const STRATEGY = { seed_keywords: SEEDS, max_difficulty: 100, min_volume: 0, max_runs_per_day: 0 };
const difficulty = (keyword: string) => keywordMetrics(keyword).difficulty;
/** A limit only the hardest seed keyword reaches: the draft drops it, keeps the rest. */
const LIMIT = Math.max(...SEEDS.map(difficulty));
const HARD = SEEDS.filter((k) => difficulty(k) >= LIMIT);

function preview(tenant: string, draft: unknown, query = "", headers: Record<string, string> = {}) {
  return postJson(`/api/tenants/${tenant}/strategy/preview${query}`, draft, headers);
}

async function version(tenant: string): Promise<number> {
  return ((await (await api(`/api/tenants/${tenant}/strategy`)).json()) as { version: number })
    .version;
}

describe("POST /api/tenants/:id/strategy/preview", () => {
  let tenant: string;
  beforeAll(async () => {
    // Given a tenant whose cycle researched three keywords
    tenant = await createTenantWithStrategy(STRATEGY);
    await researchDecided(tenant, await runCycle(tenant));
  }, 30_000);

  it("names the keywords a lower max difficulty drops, with the agent's reason, and changes nothing", async () => {
    expect(HARD.length).toBeLessThan(SEEDS.length);

    // When a draft with a lower max difficulty is previewed
    const response = await preview(tenant, { ...STRATEGY, max_difficulty: LIMIT });

    // Then each keyword it drops is named with the reason
    expect(response.status).toBe(200);
    const body = (await response.json()) as Preview;
    expect(body.strategy_version_now).toBe(1);
    expect(body.draft).toMatchObject({ max_difficulty: LIMIT, cycle_cron: "0 6 * * *" });
    expect(body.now.researched).toBe(3);
    for (const keyword of HARD) {
      expect(body.now.dropped).toContainEqual(
        expect.objectContaining({
          keyword,
          reason: `dropped '${keyword}': difficulty ${difficulty(keyword)} ≥ ${LIMIT}`,
        }),
      );
    }
    // (no run a day: the others pass the picking, and are held back by the run budget)
    expect(body.now.kept).toEqual([]);
    expect(body.now.dropped.filter((d) => !HARD.includes(d.keyword)).map((d) => d.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^not started '.+': the daily run budget/)]),
    );

    // And replaying the research of the past week, it would have dropped what the strategy kept
    expect(body.over_past).toMatchObject({
      days: 7,
      research_rows: 3,
      kept: { current: 3, draft: 3 - HARD.length },
    });
    expect(body.over_past.changed.map((c) => [c.keyword, c.current, c.draft, c.reason])).toEqual(
      HARD.map((k) => [
        k,
        "kept",
        "dropped",
        `dropped '${k}': difficulty ${difficulty(k)} ≥ ${LIMIT}`,
      ]),
    );

    // And the strategy is as it was
    expect(await version(tenant)).toBe(1);
  });

  it("lists what a draft keeps that the strategy in force does not, now", async () => {
    const response = await preview(tenant, { ...STRATEGY, max_runs_per_day: 100 });

    const body = (await response.json()) as Preview;
    expect(body.now.kept.map((k) => k.keyword).sort()).toEqual([...SEEDS].sort());
    expect(body.differs.map((d) => [d.keyword, d.current, d.draft]).sort()).toEqual(
      [...SEEDS].sort().map((k) => [k, "dropped", "kept"]),
    );
    expect(body.differs[0]?.current_reason).toMatch(/^not started '.+': the daily run budget/);
  });

  it("refuses a bad draft with 422 and the same field errors a PUT gives, and changes nothing", async () => {
    const draft = { max_difficulty: 101, seed_keywords: ["a", "A"], colour: "red" };

    const response = await preview(tenant, draft);

    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const errors = ((await response.json()) as { errors: FieldError[] }).errors;
    expect(errors.map((e) => e.path).sort()).toEqual(["", "max_difficulty", "seed_keywords.1"]);
    const put = await api(`/api/tenants/${tenant}/strategy`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(draft),
    });
    expect(put.status).toBe(422);
    expect(((await put.json()) as { errors: FieldError[] }).errors).toEqual(errors);
    expect(await version(tenant)).toBe(1);
  });

  it("replays up to 30 days and refuses more", async () => {
    const month = await preview(tenant, STRATEGY, "?days=30");
    expect(month.status).toBe(200);
    expect(((await month.json()) as Preview).over_past.days).toBe(30);
    expect((await preview(tenant, STRATEGY, "?days=31")).status).toBe(400);
  });

  it("lets the tenant preview its own strategy, and no other tenant", async () => {
    const own = await mintToken({ role: "tenant", tenant });
    expect((await preview(tenant, {}, "", bearer(own))).status).toBe(200);
    const other = await mintToken({ role: "tenant", tenant: uniqueTenant("other") });
    expect((await preview(tenant, {}, "", bearer(other))).status).toBe(403);
  });

  it("answers 404 for a tenant that does not exist", async () => {
    expect((await preview(uniqueTenant("missing"), {})).status).toBe(404);
  });
});
