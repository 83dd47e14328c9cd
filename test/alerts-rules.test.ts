import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OpsAgent } from "../agents/ops-agent";
import { emptyCounters, emptyMeter } from "../events/batch-report";
import { emptyHistogram, observe } from "../events/histogram";
import { deadLetter, events, S, scratch, stateOf, summary, T0 } from "./support/alerts";
import { uniqueTenant } from "./support/api";

// Alert rules: when they fire and when they resolve (helpers in support/alerts.ts).

describe("an alert rule", () => {
  it("fires once when dead letters pile up past it, then resolves once when they are gone", async () => {
    // Given a rule on the publish queue's letters, above 1
    const ops = scratch();
    const put = await ops.putAlertRule(
      "publish-dlq",
      {
        kind: "dead_letters_above",
        params: { queue: "publish-commands", above: 1 },
        enabled: true,
        for_seconds: 0,
      },
      T0,
    );
    expect(put).toMatchObject({ ok: true, created: true });
    const tenant = uniqueTenant("alerts");
    const letters = [
      deadLetter("publish-commands", tenant),
      deadLetter("publish-commands", tenant),
    ];

    // When one letter arrives, it is evaluated: nothing fires (1 is not above 1)
    await ops.recordDeadLetters([letters[0] as (typeof letters)[0]]);
    expect(await ops.evaluateAlerts(undefined, T0)).toBe(0);

    // When a second arrives, it fires, and evaluating again fires nothing more
    await ops.recordDeadLetters([letters[1] as (typeof letters)[0]]);
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(1);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(0);
    expect(await stateOf(ops, "publish-dlq")).toMatchObject([
      { tenant_id: null, status: "firing", since: new Date(T0 + 30 * S).toISOString(), value: 2 },
    ]);

    // When the operator deletes one, it resolves once
    await ops.deleteDeadLetter(letters[0]?.id ?? "");
    expect(await ops.evaluateAlerts(undefined, T0 + 90 * S)).toBe(1);
    expect(await ops.evaluateAlerts(undefined, T0 + 120 * S)).toBe(0);

    // Then the events say so, newest first
    expect((await events(ops)).map((e) => [e.type, e.value, e.summary])).toEqual([
      ["alert.resolved", 1, "1 dead letters waiting from publish-commands (alert above 1)"],
      ["alert.firing", 2, "2 dead letters waiting from publish-commands (alert above 1)"],
    ]);
    expect(await stateOf(ops, "publish-dlq")).toMatchObject([
      { status: "ok", since: new Date(T0 + 90 * S).toISOString(), value: 1 },
    ]);
  });

  it("with `for_seconds`, fires only once the condition has held that long", async () => {
    const ops = scratch();
    await ops.putAlertRule(
      "any-dlq",
      { kind: "dead_letters_above", params: { above: 0 }, enabled: true, for_seconds: 60 },
      T0,
    );
    await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);

    expect(await ops.evaluateAlerts(undefined, T0)).toBe(0);
    expect(await stateOf(ops, "any-dlq")).toMatchObject([
      { status: "ok", breaching_since: new Date(T0).toISOString() },
    ]);
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(0);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({ type: "alert.firing", value: 1 });
  });

  it("counts failed runs per tenant over the last hour, firing and resolving each tenant apart", async () => {
    // Given a per-tenant rule: more than 2 failed runs in an hour
    const ops = scratch();
    await ops.putAlertRule(
      "failing-runs",
      { kind: "failed_runs_per_hour", params: { above: 2 }, enabled: true, for_seconds: 0 },
      T0,
    );
    const [busy, calm] = [uniqueTenant("busy"), uniqueTenant("calm")];

    // When one tenant's summaries report 3 failures within ten minutes, the other's 1
    await ops.recordSummary(busy, summary(1), [], T0);
    await ops.recordSummary(busy, summary(3), [], T0 + 10 * 60 * S);
    await ops.recordSummary(calm, summary(1), [], T0 + 10 * 60 * S);
    // (a late, older summary counts nothing twice)
    await ops.recordSummary(busy, summary(2), [], T0 + 11 * 60 * S);

    // Then only the busy tenant fires
    expect(await ops.evaluateAlerts(undefined, T0 + 15 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({
      type: "alert.firing",
      tenant_id: busy,
      value: 3,
      summary: `3 failed runs in the last hour for ${busy} (alert above 2)`,
    });

    // And an hour after its first failure only two are left in the window: it resolves
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({
      type: "alert.resolved",
      tenant_id: busy,
      value: 2,
    });
    expect(await stateOf(ops, "failing-runs")).toMatchObject([{ tenant_id: busy, status: "ok" }]);
  });

  it("fires when a queue's handler p99 over the last minutes is above the time", async () => {
    const ops = scratch();
    const queue = `q-${crypto.randomUUID().slice(0, 8)}`;
    await ops.putAlertRule(
      "slow-handler",
      {
        kind: "p99_above",
        params: { queue, latency: "handler", above_ms: 300, minutes: 5 },
        enabled: true,
        for_seconds: 0,
      },
      T0,
    );
    const report = (ms: number) => {
      const handler = emptyHistogram();
      observe(handler, ms);
      return {
        queue,
        counters: { ...emptyCounters(), delivered: 1, acked: 1 },
        elsewhere: [],
        handler_ms: handler,
        wait_ms: emptyHistogram(),
        meter: emptyMeter(),
        rule_hits: [],
      };
    };
    // Given a batch that took 2 s at T0
    await ops.recordMetrics({ reports: [report(2000)], meter: emptyMeter(), tenants: [] }, T0);

    // Then it fires, and resolves once the slow batch is older than the 5 minutes
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(1);
    expect((await events(ops))[0]?.summary).toMatch(new RegExp(`^${queue} handler p99 \\d+ ms`));
    await ops.recordMetrics(
      { reports: [report(3)], meter: emptyMeter(), tenants: [] },
      T0 + 6 * 60 * S,
    );
    expect(await ops.evaluateAlerts(undefined, T0 + 6 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({ type: "alert.resolved" });
  });

  it("resolves what it has firing when it is disabled", async () => {
    const ops = scratch();
    const rule = { kind: "dead_letters_above", params: { above: 0 }, for_seconds: 0 } as const;
    await ops.putAlertRule("any", { ...rule, enabled: true }, T0);
    await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);
    await ops.evaluateAlerts(undefined, T0);

    await ops.putAlertRule("any", { ...rule, enabled: false }, T0 + 30 * S);

    expect((await events(ops)).map((e) => [e.type, e.summary])).toEqual([
      ["alert.resolved", "resolved: the rule any was disabled"],
      ["alert.firing", "1 dead letters waiting (alert above 0)"],
    ]);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(0);
  });

  it("is evaluated on an interval schedule while there are rules, and on none without", async () => {
    const ops = scratch();
    const evaluations = () =>
      runInDurableObject(ops, async (agent: OpsAgent) =>
        (await agent.listSchedules()).filter((s) => s.callback === "evaluateAlerts"),
      );
    await ops.putAlertRule("a", {
      kind: "dead_letters_above",
      params: { above: 9 },
      enabled: true,
      for_seconds: 0,
    });
    await ops.putAlertRule("b", {
      kind: "dead_letters_above",
      params: { above: 9 },
      enabled: true,
      for_seconds: 0,
    });
    expect(await evaluations()).toMatchObject([{ type: "interval", intervalSeconds: 30 }]);

    await ops.deleteAlertRule("a");
    await ops.deleteAlertRule("b");
    expect(await evaluations()).toEqual([]);
  });
});
