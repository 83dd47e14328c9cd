import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DeadLetterInput, deadLetterId } from "../agents/ops/dead-letters";
import { encodeCursor } from "../worker/http/cursor";
import { redrive } from "../worker/queues/redrive";
import { api, postJson, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { recordingQueue } from "./support/queues";

/**
 * GET /api/dlq a page at a time (`cursor` / `next_cursor`) and its filters. Letters are
 * stored straight into the OpsAgent, as the dead-letter consumer would: nothing here
 * sends to a real queue, so this file's store holds exactly what its tests put there.
 */

type Letter = {
  id: string;
  queue: string;
  type: string | null;
  tenant_id: string | null;
  event_id: string | null;
  reason: string;
  last_seen: string;
};
type Page = {
  dead_letters: Letter[];
  next_cursor: string | null;
  store: { tenant: string | null };
};

const MINUTE_MS = 60_000;
const ops = () => env.OPS_AGENT.getByName("main");

type Spec = {
  tenant: string;
  queue?: "events" | "agent-commands";
  type?: string;
  reason?: string;
  eventId?: string;
  seenAt: number;
};

function letterOf(spec: Spec): DeadLetterInput & { id: string } {
  const queue = spec.queue ?? "events";
  const eventId = spec.eventId ?? crypto.randomUUID();
  const type = spec.type ?? "research.completed";
  return {
    id: deadLetterId(queue, spec.tenant, eventId),
    queue,
    reason: spec.reason ?? `unknown tenant ${spec.tenant}`,
    attempts: 1,
    event_id: eventId,
    type,
    tenant_id: spec.tenant,
    body: JSON.stringify({ event_id: eventId, type, tenant_id: spec.tenant }),
    seen_at: new Date(spec.seenAt).toISOString(),
  };
}

async function given(specs: Spec[]): Promise<string[]> {
  const letters = specs.map(letterOf);
  const { results } = await ops().recordDeadLetters(letters);
  expect(results.every((r) => r.stored)).toBe(true);
  return letters.map((l) => l.id);
}

async function page(query: string, init: RequestInit = {}): Promise<Page> {
  const response = await api(`/api/dlq?${query}`, init);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

/** Every page of `query` (from `cursor`, else the top), following `next_cursor` until null. */
async function allPages(query: string, cursor?: string): Promise<Page[]> {
  const at = (c: string | null | undefined) => (c ? `&cursor=${encodeURIComponent(c)}` : "");
  const pages = [await page(`${query}${at(cursor)}`)];
  for (let next = pages[0]?.next_cursor; next; next = pages.at(-1)?.next_cursor) {
    pages.push(await page(`${query}${at(next)}`));
    expect(pages.length).toBeLessThan(100);
  }
  return pages;
}

/** Newest first: last seen, then id, both descending. */
function newestFirst(a: Letter, b: Letter): number {
  if (a.last_seen !== b.last_seen) return a.last_seen < b.last_seen ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const ids = (letters: readonly Letter[]) => letters.map((l) => l.id);

describe("the dead-letter list, a page at a time", () => {
  it("shows every letter once, newest first, across pages, and ends with a null cursor", async () => {
    // Given 250 letters across two tenants and two queues, five at a time sharing a time
    const [a, b] = [uniqueTenant("pages-a"), uniqueTenant("pages-b")];
    const base = Date.now() - 60 * MINUTE_MS;
    const stored = await given(
      Array.from({ length: 250 }, (_, i) => ({
        tenant: i % 2 === 0 ? a : b,
        queue: Math.floor(i / 2) % 2 === 0 ? "events" : "agent-commands",
        seenAt: base + Math.floor(i / 5) * 1000,
      })),
    );

    // When the whole store is read with limit 100
    const pages = await allPages("limit=100");

    // Then each page is full but the last, which says there is no more,
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages.slice(0, -1)) expect(p.dead_letters).toHaveLength(100);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    // and every letter is seen exactly once, in order, the 250 among them.
    const seen = pages.flatMap((p) => p.dead_letters);
    expect(new Set(ids(seen)).size).toBe(seen.length);
    expect(ids(seen)).toEqual(ids([...seen].sort(newestFirst)));
    const ours = seen.filter((l) => l.tenant_id === a || l.tenant_id === b);
    expect(ours).toHaveLength(250);
    expect(new Set(ids(ours))).toEqual(new Set(stored));
  });

  it("keeps the pages after a cursor as they were when letters arrive meanwhile", async () => {
    // Given 30 letters, read in pages of 10
    const tenant = uniqueTenant("stable");
    const base = Date.now() - 30 * MINUTE_MS;
    await given(Array.from({ length: 30 }, (_, i) => ({ tenant, seenAt: base + i * 1000 })));
    const pages = await allPages(`tenant=${tenant}&limit=10`);
    const [first] = pages;

    // When five new letters are stored, and the pages after the first are read again
    const fresh = await given(
      Array.from({ length: 5 }, (_, i) => ({ tenant, seenAt: Date.now() + i })),
    );
    const rest = await allPages(`tenant=${tenant}&limit=10`, first?.next_cursor ?? "");

    // Then the rest is exactly the 20 older letters, and a fresh read starts with the new ones.
    expect(ids(rest.flatMap((p) => p.dead_letters))).toEqual(
      ids(pages.slice(1).flatMap((p) => p.dead_letters)),
    );
    expect(rest.flatMap((p) => p.dead_letters)).toHaveLength(20);
    const top = await page(`tenant=${tenant}&limit=5`);
    expect(new Set(ids(top.dead_letters))).toEqual(new Set(fresh));
  });

  it("narrows the list by queue, type, tenant, store time and a search of event id or reason", async () => {
    // Given four letters of one tenant, a minute apart, and one of another tenant
    const [tenant, other] = [uniqueTenant("narrow"), uniqueTenant("narrow-other")];
    const t0 = Date.now() - 10 * MINUTE_MS;
    const at = (n: number) => new Date(t0 + n * MINUTE_MS).toISOString();
    const [alpha, beta, gamma, delta] = await given([
      { tenant, eventId: `Alpha-${crypto.randomUUID()}`, seenAt: t0 },
      {
        tenant,
        queue: "agent-commands",
        type: "cycle.requested",
        reason: "retries exhausted after 6 attempts: 50% of calls timed out",
        seenAt: t0 + MINUTE_MS,
      },
      { tenant, reason: "no route for type research.completed", seenAt: t0 + 2 * MINUTE_MS },
      { tenant, eventId: `alpha-${crypto.randomUUID()}`, seenAt: t0 + 3 * MINUTE_MS },
    ]);
    await given([{ tenant: other, eventId: `alpha-${crypto.randomUUID()}`, seenAt: t0 }]);
    const listed = async (query: string) =>
      ids((await page(`tenant=${tenant}&${query}`)).dead_letters);

    // Then each filter keeps only what it names (newest first), and filters combine.
    expect(await listed("")).toEqual([delta, gamma, beta, alpha]);
    expect(await listed("queue=agent-commands")).toEqual([beta]);
    expect(await listed("type=cycle.requested")).toEqual([beta]);
    expect(await listed(`since=${at(1)}`)).toEqual([delta, gamma, beta]);
    expect(await listed(`until=${at(2)}`)).toEqual([beta, alpha]);
    expect(await listed(`since=${at(1)}&until=${at(3)}`)).toEqual([gamma, beta]);
    // A time with an offset is the same instant.
    const plusOne = new Date(t0 + MINUTE_MS + 60 * MINUTE_MS).toISOString().replace("Z", "+01:00");
    expect(await listed(`since=${encodeURIComponent(plusOne)}`)).toEqual([delta, gamma, beta]);
    // The search: event ids in any case, reasons, and its wildcards taken as themselves.
    expect(await listed("q=ALPHA")).toEqual([delta, alpha]);
    expect(await listed("q=no%20route")).toEqual([gamma]);
    expect(await listed("q=50%25")).toEqual([beta]);
    expect(await listed("q=_")).toEqual([]);
    expect(await listed("q=alpha&queue=events&limit=1")).toEqual([delta]);
  });

  it("redrives by the same filter it lists by, search and times included", async () => {
    // Given three letters, two of which the search finds
    const tenant = uniqueTenant("redrive-q");
    const t0 = Date.now() - 5 * MINUTE_MS;
    const [first, , third] = await given([
      { tenant, reason: "handler said: quota exceeded", seenAt: t0 },
      { tenant, reason: "no route for type research.completed", seenAt: t0 + 1000 },
      { tenant, reason: "handler said: Quota exceeded again", seenAt: t0 + 2000 },
    ]);

    // When the letters matching the search are redriven
    const sent = recordingQueue();
    const result = await redrive(
      { ...env, EVENTS_QUEUE: sent.queue },
      { filter: { tenant, q: "quota", since: new Date(t0).toISOString() }, limit: 10 },
    );

    // Then only those two were sent, and the other stays.
    expect(result.redriven).toEqual([first, third]);
    expect(sent.sent).toHaveLength(2);
    expect((await page(`tenant=${tenant}`)).dead_letters.map((l) => l.reason)).toEqual([
      "no route for type research.completed",
    ]);
  });

  it.each([
    ["cursor=not%20a%20cursor", "cursor"],
    ["cursor=", "cursor"],
    [`cursor=${encodeCursor(["yesterday", "events:x:1"])}`, "cursor"],
    [`cursor=${encodeCursor(["2026-11-22T10:00:00.000Z"])}`, "cursor"],
    [`cursor=${"A".repeat(2000)}`, "cursor"],
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=ten", "limit"],
    ["since=yesterday", "since"],
    ["until=2026-11-22", "until"],
    ["since=2026-11-22T10:00:00Z&until=2026-11-22T09:00:00Z", "until"],
    ["q=", "q"],
    [`q=${"x".repeat(201)}`, "q"],
    ["type=", "type"],
    ["tenant=Not%20Valid", "tenant"],
  ])("answers 400 with a problem naming the field for %s", async (query, field) => {
    const response = await api(`/api/dlq?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(field);
  });

  it.each([
    [{ filter: { since: "yesterday" } }, "filter.since"],
    [{ filter: { since: "2026-11-22T10:00:00Z", until: "2026-11-22T10:00:00Z" } }, "filter.until"],
    [{ filter: { q: "" } }, "filter.q"],
  ])("refuses the redrive filter %j with 422 and the field's error", async (body, path) => {
    const response = await postJson("/api/dlq/redrive", body);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it("never lets a cursor reach another tenant's letters", async () => {
    // Given two tenants' letters, and a cursor from the first tenant's list
    const [a, b] = [uniqueTenant("own"), uniqueTenant("theirs")];
    const base = Date.now() - 20 * MINUTE_MS;
    await given(Array.from({ length: 6 }, (_, i) => ({ tenant: a, seenAt: base + i * 2000 })));
    const theirs = await given(
      Array.from({ length: 6 }, (_, i) => ({ tenant: b, seenAt: base + i * 2000 + 1000 })),
    );
    const cursor = (await page(`tenant=${a}&limit=2`)).next_cursor ?? "";
    expect(cursor).not.toBe("");

    // When a tenant's token asks with it, even for its own tenant, then the route is closed
    for (const tenant of [a, b]) {
      const token = await mintToken({ role: "tenant", tenant });
      const response = await api(`/api/dlq?tenant=${tenant}&cursor=${cursor}`, {
        headers: bearer(token),
      });
      expect(response.status).toBe(403);
    }
    // and under another tenant's filter the cursor is only a place in time: it pages on
    // through that tenant's letters older than it, and never shows the first tenant's.
    const under = (await allPages(`tenant=${b}&limit=2`, cursor)).flatMap((p) => p.dead_letters);
    expect(under.every((l) => l.tenant_id === b)).toBe(true);
    expect(ids(under)).toEqual([theirs[3], theirs[2], theirs[1], theirs[0]]);
  });
});
