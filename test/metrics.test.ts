import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OpsAgent } from "../agents/ops-agent";
import { emptyCounters, emptyMeter } from "../events/batch-report";
import { emptyHistogram, observe } from "../events/histogram";
import { api, createTenant, eventually, researchCompleted } from "./support/api";
import { deliverBatch, recordingQueue } from "./support/queues";

type QueueView = {
  delivered: number;
  acked: number;
  retried: number;
  dead_lettered: number;
  duplicates: number;
  handler_ms: { count: number; p50: number | null; p95: number | null; p99: number | null };
  wait_ms: { count: number };
};
type MetricsView = {
  since: string | null;
  queues: Record<string, QueueView>;
  billing: {
    operations: Record<string, number>;
    events: number;
    per_event: Record<string, number>;
    usd_per_million_events: Record<string, number>;
    prices: { taken_on: string; usd_per_million: Record<string, number> };
  };
};

async function metrics(): Promise<MetricsView> {
  const response = await api("/api/metrics");
  expect(response.status).toBe(200);
  return (await response.json()) as MetricsView;
}

const counts = (q: QueueView | undefined) => ({
  delivered: q?.delivered ?? 0,
  acked: q?.acked ?? 0,
  retried: q?.retried ?? 0,
  dead_lettered: q?.dead_lettered ?? 0,
  duplicates: q?.duplicates ?? 0,
});

// This file sends nothing through real queues: every count below comes from the batches
// it hands the consumer itself, and each test file has storage of its own.
describe("GET /api/metrics", () => {
  it("counts delivered, acked and duplicate messages per queue after N events", async () => {
    const tenant = await createTenant();
    const events = Array.from({ length: 4 }, () => researchCompleted(tenant));
    const before = counts((await metrics()).queues.events);

    await deliverBatch("events", events);
    await deliverBatch("events", [events[0], events[1]], { attempts: 2 });

    const after = await metrics();
    const delta = counts(after.queues.events);
    expect({
      delivered: delta.delivered - before.delivered,
      acked: delta.acked - before.acked,
      retried: delta.retried - before.retried,
      dead_lettered: delta.dead_lettered - before.dead_lettered,
      duplicates: delta.duplicates - before.duplicates,
    }).toEqual({ delivered: 6, acked: 6, retried: 0, dead_lettered: 0, duplicates: 2 });
    expect(after.queues.events?.handler_ms.count).toBeGreaterThanOrEqual(6);
    expect(after.queues.events?.handler_ms.p50).not.toBeNull();
  });

  it("counts a message dead-lettered at once on its queue, and the stored letter on the DLQ's", async () => {
    const before = await metrics();
    const dlq = recordingQueue();
    await deliverBatch("events", [{ not: "an envelope" }], {
      bindings: { ...env, EVENTS_DLQ: dlq.queue },
    });
    expect(dlq.sent).toHaveLength(1);
    await deliverBatch("events-dlq", [researchCompleted("someone")], { attempts: 6 });
    const after = await metrics();
    const diff = (queue: string, name: keyof ReturnType<typeof counts>) =>
      counts(after.queues[queue])[name] - counts(before.queues[queue])[name];
    // One dead-lettered by the consumer, one moved by the queue after its retries.
    expect(diff("events", "dead_lettered")).toBe(2);
    expect(diff("events-dlq", "acked")).toBe(1);
  });

  it("meters billable operations and prices them per million events", async () => {
    const tenant = await createTenant();
    const before = (await metrics()).billing;
    await deliverBatch(
      "events",
      Array.from({ length: 10 }, () => researchCompleted(tenant)),
    );
    const after = (await metrics()).billing;
    const grew = (name: string) => (after.operations[name] ?? 0) - (before.operations[name] ?? 0);

    expect(grew("events")).toBe(10);
    // A write, a read and a delete per message.
    expect(grew("queue_operations")).toBe(30);
    // One invocation; the settings lookup, the tenant's agent and the metrics flush.
    expect(grew("worker_requests")).toBe(1);
    expect(grew("do_requests")).toBe(3);
    expect(grew("sqlite_rows_written")).toBeGreaterThanOrEqual(10);
    expect(after.usd_per_million_events.total).toBeGreaterThan(0);
    expect(after.prices.taken_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(after.prices.usd_per_million).toMatchObject({ queue_operations: 0.4 });
  });

  it("merges batch reports into one histogram and reads percentiles from it", async () => {
    const ops = env.OPS_AGENT.getByName("main");
    const queue = `test-${crypto.randomUUID().slice(0, 8)}`;
    for (const ms of [4, 4, 4, 400]) {
      const handler = emptyHistogram();
      observe(handler, ms);
      await ops.recordConsumerBatch({
        queue,
        counters: { ...emptyCounters(), delivered: 1, acked: 1 },
        elsewhere: [],
        handler_ms: handler,
        wait_ms: emptyHistogram(),
        meter: emptyMeter(),
        rule_hits: [],
      });
    }
    const view = (await metrics()).queues[queue];
    expect(view).toMatchObject({ delivered: 4, acked: 4 });
    expect(view?.handler_ms.count).toBe(4);
    expect(view?.handler_ms.p50).toBeLessThanOrEqual(5);
    expect(view?.handler_ms.p99).toBeGreaterThan(250);
  });
});

type SeriesView = {
  bucket_seconds: number;
  points: { at: string; events: number; delivered: number; dead_lettered: number }[];
};

describe("the metrics over time", () => {
  it("adds each batch to its 10-second bucket, so the dashboard can chart rates", async () => {
    const ops = env.OPS_AGENT.getByName("main");
    const series = async () =>
      ((await (await api("/api/metrics?minutes=5")).json()) as { series: SeriesView }).series;
    const total = (s: SeriesView, name: "events" | "delivered" | "dead_lettered") =>
      s.points.reduce((sum, p) => sum + p[name], 0);
    const before = await series();

    // When a consumer reports a batch of 7 deliveries, 2 of them dead-lettered
    await ops.recordConsumerBatch({
      queue: `test-${crypto.randomUUID().slice(0, 8)}`,
      counters: { ...emptyCounters(), delivered: 7, acked: 5, dead_lettered: 2 },
      elsewhere: [],
      handler_ms: emptyHistogram(),
      wait_ms: emptyHistogram(),
      meter: { ...emptyMeter(), events: 7 },
      rule_hits: [],
    });

    // Then the series shows them in the current bucket, buckets 10 s apart
    const after = await series();
    expect(after.bucket_seconds).toBe(10);
    expect(total(after, "delivered") - total(before, "delivered")).toBe(7);
    expect(total(after, "events") - total(before, "events")).toBe(7);
    expect(total(after, "dead_lettered") - total(before, "dead_lettered")).toBe(2);
    const seconds = after.points.map((p) => Date.parse(p.at) / 1000);
    expect(seconds.every((s) => s % 10 === 0)).toBe(true);
  });

  it("tells the dashboards the metrics changed, once for many batches", async () => {
    const ops = env.OPS_AGENT.getByName("main");
    const version = () => runInDurableObject(ops, (agent: OpsAgent) => agent.state.metrics_version);
    const before = await version();
    const report = {
      queue: "test-version",
      counters: { ...emptyCounters(), delivered: 1, acked: 1 },
      elsewhere: [],
      handler_ms: emptyHistogram(),
      wait_ms: emptyHistogram(),
      meter: emptyMeter(),
      rule_hits: [],
    };

    // When five batches report back to back
    for (let i = 0; i < 5; i++) await ops.recordConsumerBatch(report);

    // Then metrics_version moves on, by far fewer than five
    const after = await eventually(version, (v) => v > before);
    expect(after - before).toBeLessThan(5);
  });

  it("refuses a window of more than an hour with 400", async () => {
    const response = await api("/api/metrics?minutes=61");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
