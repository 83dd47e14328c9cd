import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { markProcessed, processedAmong } from "../platform/sqlite/dedup";
import {
  isProcessed,
  markAllProcessedPartitioned,
  prunePartitions,
  weekOf,
} from "../platform/sqlite/dedup-partitions";
import { uniqueTenant } from "./support/api";

// The same functions back a service's own dedup store; the tenant agent's storage stands in.
describe("processed_events", () => {
  it("records an id once and reports it as processed afterwards", async () => {
    await runInDurableObject(env.TENANT_AGENT.getByName(uniqueTenant()), async (_agent, state) => {
      const sql = state.storage.sql;
      const done = crypto.randomUUID();
      const fresh = crypto.randomUUID();
      expect(markProcessed(sql, done, "social.post", 1)).toBe(true);
      expect(markProcessed(sql, done, "social.post", 2)).toBe(false);
      expect(processedAmong(sql, [done, fresh, done])).toEqual([done]);
      expect(processedAmong(sql, [])).toEqual([]);
    });
  });

  it("answers for more ids than one statement may bind", async () => {
    await runInDurableObject(env.TENANT_AGENT.getByName(uniqueTenant()), async (_agent, state) => {
      const sql = state.storage.sql;
      const ids = Array.from({ length: 250 }, () => crypto.randomUUID());
      for (const id of ids.slice(0, 120)) markProcessed(sql, id, "social.post", 1);
      expect(processedAmong(sql, ids).sort()).toEqual(ids.slice(0, 120).sort());
    });
  });
});

describe("the tenant agent's week-partitioned dedup", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const ids = (set: Set<string>) => [...set].sort();

  it("still knows an id first seen last week, and an id from the single older table", async () => {
    await runInDurableObject(env.TENANT_AGENT.getByName(uniqueTenant()), async (_agent, state) => {
      const sql = state.storage.sql;
      // Given one id filed last week, one in the older table, and a new one
      const now = Date.UTC(2030, 0, 15);
      const lastWeek = { event_id: crypto.randomUUID(), type: "social.posted" };
      const older = crypto.randomUUID();
      const fresh = { event_id: crypto.randomUUID(), type: "social.posted" };
      markAllProcessedPartitioned(sql, [lastWeek], now - 7 * DAY);
      markProcessed(sql, older, "social.posted", now - 8 * DAY);

      // When all three arrive this week
      const isNew = markAllProcessedPartitioned(
        sql,
        [lastWeek, { event_id: older, type: "social.posted" }, fresh],
        now,
      );

      // Then only the new one is new, and each is known afterwards
      expect(ids(isNew)).toEqual([fresh.event_id]);
      expect(isProcessed(sql, lastWeek.event_id)).toBe(true);
      expect(isProcessed(sql, older)).toBe(true);
      expect(weekOf(now)).toBeGreaterThan(weekOf(now - 7 * DAY));
    });
  });

  it("forgets a week of ids past the retention by dropping it whole, which writes no rows", async () => {
    await runInDurableObject(env.TENANT_AGENT.getByName(uniqueTenant()), async (_agent, state) => {
      const sql = state.storage.sql;
      // Given 50 ids filed three weeks ago and one filed today
      const now = Date.UTC(2030, 0, 15);
      const old = Array.from({ length: 50 }, () => ({
        event_id: crypto.randomUUID(),
        type: "social.posted",
      }));
      const recent = { event_id: crypto.randomUUID(), type: "social.posted" };
      markAllProcessedPartitioned(sql, old, now - 21 * DAY);
      markAllProcessedPartitioned(sql, [recent], now);
      const before = sql.exec<{ n: number }>("SELECT total_changes() AS n").one().n;

      // When ids older than 7 days are pruned
      const forgotten = prunePartitions(sql, now - 7 * DAY);

      // Then the old week is gone, with no row deletes, and today's id is still known
      expect(forgotten).toBe(50);
      expect(sql.exec<{ n: number }>("SELECT total_changes() AS n").one().n).toBe(before);
      expect(isProcessed(sql, old[0]?.event_id ?? "")).toBe(false);
      expect(isProcessed(sql, recent.event_id)).toBe(true);
      expect(ids(markAllProcessedPartitioned(sql, [old[1] ?? recent], now))).toEqual(
        [old[1]?.event_id].filter((x): x is string => x !== undefined),
      );
    });
  });
});
