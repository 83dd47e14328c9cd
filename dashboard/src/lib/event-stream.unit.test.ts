import { describe, expect, it } from "vitest";
import type { TenantSummary } from "../../../events/ops-state";
import { mergeEvents, type StreamEvent, tenantsWithNewEvents } from "./event-stream";

const event = (tenant: string, id: string, seq: number, at: string): StreamEvent => ({
  tenant_id: tenant,
  event_id: id,
  seq,
  type: "research.completed",
  source: "research",
  timestamp: at,
  correlation_id: null,
  traceparent: null,
  causation_id: null,
  payload: {},
  applied_at: at,
});

const tenant = (id: string, applied: number, updated: string): TenantSummary => ({
  id,
  name: id,
  created_at: updated,
  summary: {
    applied,
    duplicates: 0,
    cycles: 0,
    decisions: 0,
    runs_started: 0,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: 0,
    articles_published: 0,
    strategy_version: 1,
    last_cycle_at: null,
    last_error: null,
    updated_at: updated,
  },
});

describe("the event stream", () => {
  it("shows each event once, newest applied first, within its limit", () => {
    const a1 = event("a", "1", 1, "2026-11-22T10:00:01Z");
    const a2 = event("a", "2", 2, "2026-11-22T10:00:02Z");
    const b1 = event("b", "1", 1, "2026-11-22T10:00:03Z");
    expect(mergeEvents([a1], [a2, a1, b1]).map((e) => `${e.tenant_id}${e.event_id}`)).toEqual([
      "b1",
      "a2",
      "a1",
    ]);
    expect(mergeEvents([a1], [a2, b1], 2)).toHaveLength(2);
  });

  it("reads again only the tenants whose agents applied something, busiest report first", () => {
    const tenants = [
      tenant("a", 5, "2026-11-22T10:00:01Z"),
      tenant("b", 7, "2026-11-22T10:00:09Z"),
      tenant("c", 0, "2026-11-22T10:00:05Z"),
    ];
    const seen = new Map([["a", 5]]);
    expect(tenantsWithNewEvents(tenants, seen, null, 10).map((t) => t.id)).toEqual(["b"]);
    expect(tenantsWithNewEvents(tenants, new Map(), null, 10).map((t) => t.id)).toEqual(["b", "a"]);
    expect(tenantsWithNewEvents(tenants, new Map(), "a", 10).map((t) => t.id)).toEqual(["a"]);
    expect(tenantsWithNewEvents(tenants, new Map(), null, 1).map((t) => t.id)).toEqual(["b"]);
  });
});
