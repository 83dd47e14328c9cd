import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emptyMeter } from "../events/batch-report";
import { api, eventually, uniqueTenant } from "./support/api";
import { createTenantWithStrategy } from "./support/tenant";

// Judged at an injected time, on an OpsAgent of the test's own (no other test's flushes).
const T = Date.UTC(2030, 5, 10, 9);
const MINUTE = 60_000;

describe("a tenant held by its quota", () => {
  it("is counted when its requests are refused for its share", async () => {
    // given a tenant asking for cycles faster than its share (10 at once, then 30 a minute)
    const tenant = await createTenantWithStrategy({ seed_keywords: [] });
    const answers: number[] = [];
    for (let i = 0; i < 14; i++) {
      answers.push((await api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status);
    }
    expect(answers).toContain(429);
    const refused = answers.filter((s) => s === 429).length;

    // then the platform counts each refusal against that tenant
    const ops = env.OPS_AGENT.getByName("main");
    const counted = await eventually(
      () => ops.quotaRefusals(5),
      (byTenant) => byTenant[tenant] === refused,
      10_000,
    );
    expect(counted[tenant]).toBe(refused);
  });

  it("fires a tenant_held_by_quota alert for that tenant, and resolves once refusals stop", async () => {
    // given a rule: any refusal for a tenant's quota in the last 5 minutes
    const ops = env.OPS_AGENT.getByName(`quota-alerts-${crypto.randomUUID()}`);
    const [flooder, calm] = [uniqueTenant("flood"), uniqueTenant("calm")];
    await ops.putAlertRule(
      "held",
      {
        kind: "tenant_held_by_quota",
        params: { above: 0, minutes: 5 },
        enabled: true,
        for_seconds: 0,
      },
      T,
    );

    // when a flush reports 40 refused requests for one tenant
    await ops.recordMetrics(
      {
        reports: [],
        meter: emptyMeter(),
        tenants: [],
        quota_refusals: [{ tenant_id: flooder, count: 40 }],
      },
      T,
    );

    // then the rule fires for that tenant only
    expect(await ops.evaluateAlerts(undefined, T + MINUTE)).toBe(1);
    expect((await ops.listAlerts()).events[0]).toMatchObject({
      type: "alert.firing",
      tenant_id: flooder,
      value: 40,
      summary: `40 requests refused for ${flooder}'s quota in the last 5 min (alert above 0)`,
    });
    expect((await ops.listAlerts()).events.some((e) => e.tenant_id === calm)).toBe(false);

    // and once five minutes pass without a refusal, it resolves
    expect(await ops.evaluateAlerts(undefined, T + 6 * MINUTE)).toBe(1);
    expect((await ops.listAlerts()).events[0]).toMatchObject({
      type: "alert.resolved",
      tenant_id: flooder,
      value: 0,
    });
  });
});
