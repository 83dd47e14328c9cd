import { describe, expect, it } from "vitest";
import { api, createTenant, postJson, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";

/** `GET /api/audit`: every action that may change something, with who did it and how it went. */

type Entry = {
  seq: number;
  actor: string;
  role: string;
  action: string;
  tenant_id: string | null;
  target: string | null;
  status: number;
  outcome: string;
};
type Page = { entries: Entry[]; next_before: number | null };

async function audit(query: string): Promise<Page> {
  const response = await api(`/api/audit?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

describe("the audit log", () => {
  it("records who changed a strategy, asked for a cycle and was refused, newest first", async () => {
    // Given a tenant, and its own token
    const tenant = await createTenant(uniqueTenant("audit"));
    const token = await mintToken({ role: "tenant", tenant, subject: `tenant:${tenant}` });
    const asTenant = { headers: { ...bearer(token), "content-type": "application/json" } };

    // When the tenant changes its strategy, asks for a cycle, and sends a bad strategy
    const put = (body: unknown) =>
      api(`/api/tenants/${tenant}/strategy`, {
        ...asTenant,
        method: "PUT",
        body: JSON.stringify(body),
      });
    expect((await put({ max_difficulty: 40 })).status).toBe(200);
    const cycle = await api(`/api/tenants/${tenant}/cycle`, { ...asTenant, method: "POST" });
    expect(cycle.status).toBe(202);
    expect((await put({ max_difficulty: "very" })).status).toBe(422);
    // and reads (which are not actions) and previews nothing
    await api(`/api/tenants/${tenant}`, asTenant);

    // Then the log holds those three, newest first, by the tenant's subject,
    const { entries } = await audit(`tenant=${tenant}`);
    expect(entries.map((e) => [e.action, e.outcome, e.status])).toEqual([
      ["strategy.update", "refused", 422],
      ["cycle.request", "ok", 202],
      ["strategy.update", "ok", 200],
    ]);
    expect(new Set(entries.map((e) => `${e.role} ${e.actor}`))).toEqual(
      new Set([`tenant tenant:${tenant}`]),
    );
    // and the tenant's creation, by the operator, is there too under its action.
    const created = await audit(`action=tenant.create&limit=500`);
    expect(created.entries.some((e) => e.role === "operator" && e.status === 201)).toBe(true);
  });

  it("pages with next_before and filters by actor and action", async () => {
    // Given an operator who redrove five times (nothing to redrive: each answers 200)
    const subject = `operator:auditor-${crypto.randomUUID().slice(0, 8)}`;
    const token = await mintToken({ role: "operator", subject });
    for (let i = 0; i < 5; i++) {
      const response = await postJson(
        "/api/dlq/redrive",
        { ids: [`events:-:nothing-${i}`] },
        bearer(token),
      );
      expect(response.status).toBe(200);
    }
    // and once previewed (a preview changes nothing: no line)
    await postJson("/api/dlq/redrive", { ids: ["events:-:x"], preview: true }, bearer(token));

    // When the operator's lines are read two at a time
    const seen: Entry[] = [];
    let before: number | null = null;
    do {
      const page = await audit(
        `actor=${encodeURIComponent(subject)}&limit=2${before ? `&before=${before}` : ""}`,
      );
      seen.push(...page.entries);
      before = page.next_before;
    } while (before !== null);

    // Then there are the five redrives, each once, newest first.
    expect(seen.map((e) => e.action)).toEqual(Array(5).fill("dlq.redrive"));
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => b - a));
    expect((await audit(`actor=${encodeURIComponent(subject)}&action=dlq.delete`)).entries).toEqual(
      [],
    );
  });

  it("is for operators only, and refuses a bad query with 400", async () => {
    const tenant = await createTenant(uniqueTenant("audit-guard"));
    const token = await mintToken({ role: "tenant", tenant });
    const response = await api(`/api/audit?tenant=${tenant}`, { headers: bearer(token) });
    expect([403, 404]).toContain(response.status);
    expect((await api("/api/audit?limit=0")).status).toBe(400);
    expect((await api("/api/audit?before=soon")).status).toBe(400);
  });
});
