import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { markProcessed, processedAmong } from "../agents/shared/dedup";
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
