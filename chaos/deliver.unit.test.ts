import { describe, expect, it } from "vitest";
import { planDeliveries } from "./deliver";
import { seededRandom } from "./random";
import { articleLife } from "./scenario";

describe("the delivery plan", () => {
  const planned = [
    ...articleLife("chaos-t", "forward", 0, false),
    ...articleLife("chaos-t", "backward", 0, true),
  ];
  const plan = planDeliveries(planned, seededRandom(7), {
    copies: { min: 2, max: 3 },
    maxPerRequest: 4,
  });
  const requests = plan.waves.flat();

  it("delivers every message two or three times, in requests of at most the given size", () => {
    const copies = new Map<string, number>();
    for (const envelope of requests.flat())
      copies.set(envelope.event_id, (copies.get(envelope.event_id) ?? 0) + 1);
    expect(copies.size).toBe(planned.length);
    for (const n of copies.values()) expect([2, 3]).toContain(n);
    for (const request of requests) expect(request.length).toBeLessThanOrEqual(4);
  });

  it("sends every copy of a backwards article's report before its page, and its page before the article", () => {
    const waveOf = (type: string) => {
      const id = planned.find(
        (p) => p.envelope.type === type && p.envelope.correlation_id === "chaos-backward",
      )?.envelope.event_id;
      return plan.waves
        .map((wave, i) => (wave.flat().some((e) => e.event_id === id) ? i : -1))
        .filter((i) => i >= 0);
    };
    expect(waveOf("performance.report")).toEqual([0]);
    expect(waveOf("content.published")).toEqual([1]);
    expect(waveOf("content.ready")).toEqual([2]);
  });

  it("makes the same plan from the same seed", () => {
    const again = planDeliveries(planned, seededRandom(7), {
      copies: { min: 2, max: 3 },
      maxPerRequest: 4,
    });
    expect(again.waves.flat().map((r) => r.map((e) => e.event_id))).toEqual(
      requests.map((r) => r.map((e) => e.event_id)),
    );
  });
});
