import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEAD_LETTER_QUOTA_PER_TENANT } from "../agents/ops/dead-letter-policy";
import { type DeadLetterInput, deadLetterId } from "../agents/ops/dead-letters";
import { opsMigrations } from "../agents/ops/schema";
import { redrive } from "../worker/queues/redrive";
import { api, researchCompleted, uniqueTenant } from "./support/api";
import { deliverBatch, recordingQueue } from "./support/queues";

/**
 * The dead-letter store as an operator sees it (GET /api/dlq, the redrive answers, the
 * logs): per tenant, bounded, counted, and never redriving what dedup may have forgotten.
 * No test here sends to a real queue, so the store's counts move only as each test says.
 */

type Letter = { id: string; event_id: string | null; tenant_id: string | null; body: unknown };
type Store = { tenant: string | null; letters: number; evicted: number; expired: number };

const DAY_MS = 24 * 60 * 60 * 1000;
const ops = () => env.OPS_AGENT.getByName("main");

async function list(query: string): Promise<{ dead_letters: Letter[]; store: Store }> {
  const response = await api(`/api/dlq?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { dead_letters: Letter[]; store: Store };
}

/** A letter as the events DLQ consumer would store it, first seen at `seenAt`. */
function letterOf(body: ReturnType<typeof researchCompleted>, seenAt: number) {
  const letter: DeadLetterInput & { id: string } = {
    id: deadLetterId("events", body.tenant_id, body.event_id),
    queue: "events",
    reason: "unknown tenant",
    attempts: 1,
    event_id: body.event_id,
    type: body.type,
    tenant_id: body.tenant_id,
    body: JSON.stringify(body),
    seen_at: new Date(seenAt).toISOString(),
  };
  return letter;
}

/** What the consumer logged with this message. */
function logged(spy: { mock: { calls: unknown[][] } }, msg: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : null))
    .filter((entry): entry is Record<string, unknown> => entry?.msg === msg);
}

/**
 * Makes the store's SQLite refuse any letter of this event id, as a failing disk would
 * (a trigger: nothing in the code under test knows about it).
 */
async function refuseToStore(eventId: string): Promise<void> {
  await runInDurableObject(ops(), (_agent, state) => {
    state.storage.sql.exec(
      `CREATE TRIGGER refuse_${eventId.replaceAll("-", "_")} BEFORE INSERT ON dead_letters
       WHEN NEW.event_id = '${eventId}' BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END`,
    );
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the dead-letter store", () => {
  it("keeps two tenants' letters with the same event id apart, and each redrive sends its own", async () => {
    // Given two tenants' messages that carry the same event id
    const eventId = crypto.randomUUID();
    const [a, b] = [uniqueTenant("same-a"), uniqueTenant("same-b")];
    const fromA = researchCompleted(a, { event_id: eventId });
    const fromB = researchCompleted(b, { event_id: eventId, payload: { research_ids: ["r-b"] } });

    // When both are dead-lettered
    await deliverBatch("events-dlq", [fromA, fromB]);

    // Then each tenant has its own letter, with its own body
    const [letterA] = (await list(`tenant=${a}`)).dead_letters;
    const [letterB] = (await list(`tenant=${b}`)).dead_letters;
    expect(letterA).toMatchObject({ id: `events:${a}:${eventId}`, body: fromA });
    expect(letterB).toMatchObject({ id: `events:${b}:${eventId}`, body: fromB });

    // and redriving one sends that tenant's message, leaving the other's letter alone.
    const sentA = recordingQueue();
    const resultA = await redrive(
      { ...env, EVENTS_QUEUE: sentA.queue },
      { ids: [letterA?.id ?? ""] },
    );
    expect(resultA.redriven).toEqual([letterA?.id]);
    expect(sentA.sent).toEqual([fromA]);
    expect((await list(`tenant=${b}`)).dead_letters).toHaveLength(1);

    const sentB = recordingQueue();
    await redrive({ ...env, EVENTS_QUEUE: sentB.queue }, { ids: [letterB?.id ?? ""] });
    expect(sentB.sent).toEqual([fromB]);
  });

  it("evicts a flooding tenant's least recently failed letters first, and counts and logs each", async () => {
    const errors = vi.spyOn(console, "error");
    const flooding = uniqueTenant("flood");
    const bystander = uniqueTenant("bystander");
    // Given another tenant's letter, and the flooding tenant's store filled to its quota
    await deliverBatch("events-dlq", [researchCompleted(bystander)]);
    const batches = Array.from({ length: DEAD_LETTER_QUOTA_PER_TENANT / 100 }, () =>
      Array.from({ length: 100 }, () => researchCompleted(flooding)),
    );
    for (const batch of batches) {
      await deliverBatch("events-dlq", batch);
      // The runtime's clock moves only across I/O and timers: this orders the batches.
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await list(`tenant=${flooding}&limit=1`)).store).toMatchObject({
      letters: DEAD_LETTER_QUOTA_PER_TENANT,
      evicted: 0,
    });

    // When five more of its letters arrive
    const overflow = Array.from({ length: 5 }, () => researchCompleted(flooding));
    const result = await deliverBatch("events-dlq", overflow);

    // Then they are stored (acked), and five of its oldest letters made room
    expect(result.explicitAcks).toHaveLength(5);
    const { dead_letters, store } = await list(`tenant=${flooding}&limit=5`);
    expect(dead_letters.map((l) => l.event_id).sort()).toEqual(
      overflow.map((m) => m.event_id).sort(),
    );
    expect(store).toMatchObject({ tenant: flooding, letters: 1000, evicted: 5 });
    // each eviction is logged with the whole letter, and all came from the first batch
    const evictions = logged(errors, "dead letter evicted");
    expect(evictions).toHaveLength(5);
    const firstBatch = new Set(batches[0]?.map((m) => m.event_id));
    for (const e of evictions) {
      expect(firstBatch.has(String(e.event_id))).toBe(true);
      expect(e).toMatchObject({ tenant_id: flooding, queue: "events" });
      expect(JSON.parse(String(e.body))).toMatchObject({ event_id: e.event_id });
    }
    const ids = evictions.map((e) => String(e.id));
    expect((await ops().deadLettersForRedrive({ ids })).missing.sort()).toEqual(ids.sort());
    // and the other tenant's letter was not touched.
    expect((await list(`tenant=${bystander}`)).store).toMatchObject({ letters: 1, evicted: 0 });
  });

  it("refuses to redrive a letter first seen longer ago than the dedup horizon, with the reason", async () => {
    // Given a letter first seen eight days ago, and one seen now
    const tenant = uniqueTenant("late");
    const old = researchCompleted(tenant);
    const fresh = researchCompleted(tenant);
    await ops().recordDeadLetters([
      letterOf(old, Date.now() - 8 * DAY_MS),
      letterOf(fresh, Date.now()),
    ]);
    const oldId = `events:${tenant}:${old.event_id}`;

    // When the old one is redriven by itself
    const response = await api(`/api/dlq/${oldId}/redrive`, { method: "POST" });

    // Then it is refused with a problem that says why, and stays in the store
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { type: string; detail: string };
    expect(problem.type).toMatch(/redrive-refused$/);
    expect(problem.detail).toMatch(/more than 7 days ago \(the dedup horizon\)/);

    // and a redrive by filter sends the fresh one only, answering the old one as refused.
    const sent = recordingQueue();
    const result = await redrive(
      { ...env, EVENTS_QUEUE: sent.queue },
      { filter: { tenant }, limit: 10 },
    );
    expect(sent.sent).toEqual([fresh]);
    expect(result.redriven).toEqual([`events:${tenant}:${fresh.event_id}`]);
    expect(result.refused).toEqual([{ id: oldId, reason: expect.stringMatching(/dedup horizon/) }]);
    expect((await list(`tenant=${tenant}`)).dead_letters.map((l) => l.id)).toEqual([oldId]);
  });

  it("keeps a redriven letter's first sight when it comes back, so its horizon does not start again", async () => {
    // Given a letter first seen six days ago, redriven
    const tenant = uniqueTenant("back");
    const message = researchCompleted(tenant);
    const firstSeen = new Date(Date.now() - 6 * DAY_MS).toISOString();
    await ops().recordDeadLetters([letterOf(message, Date.parse(firstSeen))]);
    const sent = recordingQueue();
    await redrive({ ...env, EVENTS_QUEUE: sent.queue }, { filter: { tenant }, limit: 10 });
    expect((await list(`tenant=${tenant}`)).store.letters).toBe(0);

    // When it fails again and is dead-lettered today
    await deliverBatch("events-dlq", [message]);

    // Then its letter still counts from its first failure, six days ago.
    const [letter] = (await list(`tenant=${tenant}`)).dead_letters;
    expect(letter).toMatchObject({ first_seen: firstSeen });
  });

  it("stores a poison letter's batch-mates and retries only the poison", async () => {
    const tenant = uniqueTenant("poison");
    const before = researchCompleted(tenant);
    const after = researchCompleted(tenant);
    const poison = researchCompleted(tenant);
    await refuseToStore(poison.event_id);

    // When a dead-letter batch holds a letter the store cannot take
    const result = await deliverBatch("events-dlq", [before, poison, after]);

    // Then its batch-mates are stored and acked, and only the poison is retried
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-2"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-1"]);
    const { dead_letters, store } = await list(`tenant=${tenant}`);
    expect(dead_letters.map((l) => l.event_id).sort()).toEqual(
      [before.event_id, after.event_id].sort(),
    );
    expect(store.letters).toBe(2);
  });

  it("hands a letter the dead-letter queue could not store to its own queue, which stores it", async () => {
    // Given a letter the events DLQ consumer gave up on (the queue moved it on)
    const tenant = uniqueTenant("second");
    const message = researchCompleted(tenant);

    // When the DLQ's own dead-letter queue delivers it
    const result = await deliverBatch("events-dlq-dlq", [message], { attempts: 1 });

    // Then it is stored as a letter of the events queue
    expect(result.explicitAcks).toEqual(["m-0"]);
    const [letter] = (await list(`tenant=${tenant}`)).dead_letters;
    expect(letter).toMatchObject({ id: `events:${tenant}:${message.event_id}`, body: message });
  });

  it("logs a letter the last level cannot store either, whole, instead of dropping it", async () => {
    const errors = vi.spyOn(console, "error");
    const tenant = uniqueTenant("lost");
    const poison = researchCompleted(tenant);
    await refuseToStore(poison.event_id);

    // Before its last delivery on the DLQ's own queue, it is retried
    const early = await deliverBatch("events-dlq-dlq", [poison], { attempts: 3 });
    expect(early.retryMessages.map((m) => m.msgId)).toEqual(["m-0"]);

    // On its last delivery it is acked, and the log keeps the whole letter with why
    const last = await deliverBatch("events-dlq-dlq", [poison], { attempts: 101 });
    expect(last.explicitAcks).toEqual(["m-0"]);
    const [lost] = logged(errors, "dead letter not stored: kept only in this log");
    expect(lost).toMatchObject({
      level: "error",
      queue: "events-dlq-dlq",
      source: "events",
      tenant_id: tenant,
      event_id: poison.event_id,
      error: expect.stringMatching(/^dead letter not stored: .*disk full \(injected\)/),
    });
    expect(JSON.parse(String(lost?.body))).toEqual(poison);
  });

  it("keeps the counts right across inserts, updates, redrives and deletes", async () => {
    const tenant = uniqueTenant("count");
    const one = researchCompleted(tenant);
    const two = researchCompleted(tenant);
    const three = researchCompleted(tenant);
    const total = async () => (await list("limit=1")).store.letters;
    const start = await total();

    // Given three letters, one of them dead-lettered twice (one letter, not two)
    await deliverBatch("events-dlq", [one, two, three]);
    await deliverBatch("events-dlq", [one]);
    expect((await list(`tenant=${tenant}`)).store).toMatchObject({ letters: 3 });
    expect(await total()).toBe(start + 3);

    // When one is deleted and another redriven
    const id = (m: { event_id: string }) => `events:${tenant}:${m.event_id}`;
    expect((await api(`/api/dlq/${id(one)}`, { method: "DELETE" })).status).toBe(204);
    const sent = recordingQueue();
    await redrive({ ...env, EVENTS_QUEUE: sent.queue }, { ids: [id(two)] });

    // Then the counts say one, as the list does
    const { dead_letters, store } = await list(`tenant=${tenant}`);
    expect(dead_letters.map((l) => l.id)).toEqual([id(three)]);
    expect(store).toMatchObject({ tenant, letters: 1, evicted: 0, expired: 0 });
    expect(await total()).toBe(start + 1);
  });

  it("removes letters that have not failed again within the retention, counting each as expired", async () => {
    // Given a letter last seen eight days ago and one seen now
    const tenant = uniqueTenant("expire");
    const stale = researchCompleted(tenant);
    const recent = researchCompleted(tenant);
    await ops().recordDeadLetters([
      letterOf(stale, Date.now() - 8 * DAY_MS),
      letterOf(recent, Date.now()),
    ]);

    // When the daily prune runs
    expect(await ops().pruneDeadLetters(Date.now())).toBeGreaterThanOrEqual(1);

    // Then only the recent one is left, and the stale one is counted as expired.
    const { dead_letters, store } = await list(`tenant=${tenant}`);
    expect(dead_letters.map((l) => l.event_id)).toEqual([recent.event_id]);
    expect(store).toMatchObject({ letters: 1, expired: 1 });
  });

  it("keeps the letters stored before tenants were in their ids, under their new ids, counted", async () => {
    const v6 = opsMigrations.find((m) => m.version === 6);
    // A store of its own, put back as it was before version 6, holding letters keyed the old way.
    const scratch = env.OPS_AGENT.getByName(`migration-${crypto.randomUUID()}`);
    const rows = await runInDurableObject(scratch, (_agent, state) => {
      const sql = state.storage.sql;
      sql.exec(
        "DROP TABLE dead_letter_counts; DROP TABLE dead_letters_redriven; DELETE FROM dead_letters",
      );
      const old = (id: string, tenant: string | null, eventId: string | null) =>
        sql.exec(
          `INSERT INTO dead_letters (id, queue, reason, attempts, event_id, type, tenant_id, body, first_seen, last_seen, version)
           VALUES (?, ?, 'r', 1, ?, 'research.completed', ?, '{}', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 1)`,
          id,
          id.slice(0, id.indexOf(":")),
          eventId,
          tenant,
        );
      old("events:e-1", "acme", "e-1");
      old("agent-commands:e-2", "beta", "e-2");
      old("events:m-7", null, null);
      old("events:e-3", "Not Valid", "e-3");

      // When version 6 runs
      sql.exec(v6?.sql ?? "");

      return {
        letters: sql.exec("SELECT id, tenant_id FROM dead_letters ORDER BY id").toArray(),
        counts: sql.exec("SELECT scope, letters FROM dead_letter_counts ORDER BY scope").toArray(),
      };
    });

    // Then every letter is kept, under its queue, tenant and message, and counted.
    expect(rows.letters).toEqual([
      { id: "agent-commands:beta:e-2", tenant_id: "beta" },
      { id: "events:-:e-3", tenant_id: null },
      { id: "events:-:m-7", tenant_id: null },
      { id: "events:acme:e-1", tenant_id: "acme" },
    ]);
    expect(rows.counts).toEqual([
      { scope: "*", letters: 4 },
      { scope: "-", letters: 2 },
      { scope: "acme", letters: 1 },
      { scope: "beta", letters: 1 },
    ]);
  });
});
