import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DeadLetterPage, RedriveResult, RunList, strategyResponses, TenantList } from "./index";

// Whether each answer agrees with its route is checked at compile time
// (worker/http/responses.typecheck.ts); these are the behaviours a client relies on.

const counters = {
  applied: 3,
  duplicates: 0,
  cycles: 1,
  decisions: 1,
  runs_started: 1,
  runs_active: 0,
  runs_completed: 1,
  runs_failed: 0,
  articles_published: 1,
  strategy_version: 1,
  last_cycle_at: null,
  last_error: null,
  updated_at: "2026-11-22T10:00:00.000Z",
};
const spend = {
  month: "2026-11",
  spent_usd: 0,
  forecast_usd: 0,
  budget: null,
  percent: null,
  level: 0,
  runs_held: false,
};
const tenant = {
  id: "acme",
  name: "Acme",
  created_at: "2026-11-22T09:00:00.000Z",
  summary: null,
  spend,
};

describe("response schemas", () => {
  it("keep a field a newer server added, so an older client never fails on it", () => {
    // Given a tenant list from a server that sends one more field than this contract names
    const answer = { tenants: [{ ...tenant, summary: { ...counters, mood: "calm" } }] };
    // When it is parsed
    const parsed = TenantList.parse(answer);
    // Then it parses, and the field is kept for whoever reads it
    expect(parsed.tenants[0]?.summary).toMatchObject({ applied: 3, mood: "calm" });
  });

  it("fill in what an older server left out", () => {
    // Given a redrive result from before refusals, and a run step from before retries were counted
    const redrive = RedriveResult.parse({ redriven: ["a"], missing: [], failed: [], kept: [] });
    const runs = RunList.parse({
      runs: [
        {
          run_id: "r",
          content_id: "c",
          keyword: "k",
          research_id: null,
          correlation_id: "chain",
          decision_id: "d",
          status: "running",
          step: "draft",
          percent: 0.5,
          error: null,
          requested_at: "2026-11-22T10:00:00.000Z",
          started_at: null,
          updated_at: "2026-11-22T10:00:00.000Z",
          completed_at: null,
          workflow_status: null,
          steps: [
            {
              run_id: "r",
              step: "draft",
              status: "running",
              message: null,
              first_at: "2026-11-22T10:00:00.000Z",
              updated_at: "2026-11-22T10:00:00.000Z",
            },
          ],
        },
      ],
    });
    // Then the defaults stand in
    expect(redrive.refused).toEqual([]);
    expect(runs.runs[0]?.steps[0]).toMatchObject({ attempts: 1, finished_at: null });
  });

  it("name the field that does not fit", () => {
    // Given a page of dead letters whose store counters are text
    const answer = { dead_letters: [], next_cursor: null, store: { tenant: null, letters: "9" } };
    // When it is parsed, then the first issue points at the field
    const result = DeadLetterPage.safeParse(answer);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["store", "letters"]);
  });

  it("complete the answers that carry a strategy with the strategy's own schema", () => {
    // Given a strategy schema (the agent's, in the apps)
    const { VersionedStrategy } = strategyResponses(z.strictObject({ cycle_cron: z.string() }));
    // When a versioned strategy is parsed, then the strategy is checked by that schema
    expect(VersionedStrategy.parse({ version: 2, strategy: { cycle_cron: "0 6 * * *" } })).toEqual({
      version: 2,
      strategy: { cycle_cron: "0 6 * * *" },
    });
    expect(VersionedStrategy.safeParse({ version: 2, strategy: { cron: "x" } }).success).toBe(
      false,
    );
  });
});
