import { describe, expect, it } from "vitest";
import { type Message, PermanentError, RateLimitedError } from "../../events";
import type { BatchReport } from "../../events/batch-report";
import { rawEnvelope } from "../../events/fixtures";
import type { DeadLetterWrapper } from "../queues/dead-letter";
import { compose } from "./compose";
import type { DedupStore } from "./dedup";
import { handle } from "./handle";
import { rawPipeline, runBatch, standardPipeline } from "./pipeline";
import type {
  ConsumerDeps,
  LogEntry,
  MessageHandler,
  Middleware,
  RawMessage,
  Stage,
} from "./types";

// The handlers under test never touch the environment.
const env = {} as Env;

type FakeRaw = RawMessage & { acked: boolean; retriedWith?: number };

function raw(body: unknown, attempts = 1): FakeRaw {
  const message: FakeRaw = {
    id: crypto.randomUUID(),
    timestamp: new Date(1_000),
    body,
    attempts,
    acked: false,
    ack() {
      message.acked = true;
    },
    retry(options) {
      message.retriedWith = options?.delaySeconds;
    },
  };
  return message;
}

function event(overrides: Record<string, unknown> = {}) {
  return rawEnvelope("research.completed", { event_id: crypto.randomUUID(), ...overrides });
}

function fakeDeps(options: { deadLetterFails?: boolean } = {}) {
  const deadLetters: DeadLetterWrapper[] = [];
  const reports: BatchReport[] = [];
  const logs: LogEntry[] = [];
  let clock = 2_000;
  const deps: ConsumerDeps = {
    async sendDeadLetters(letters) {
      if (options.deadLetterFails) throw new Error("dlq unavailable");
      deadLetters.push(...letters);
    },
    async flushReport(report) {
      reports.push(report);
    },
    log: (entry) => logs.push(entry),
    now: () => (clock += 5),
  };
  return { deps, deadLetters, reports, logs };
}

async function run(
  handler: MessageHandler,
  messages: FakeRaw[],
  options: Parameters<typeof standardPipeline>[0] = {},
  deps = fakeDeps(),
) {
  const deliveries = await runBatch(
    "events",
    standardPipeline(options)(handle(handler)),
    messages,
    env,
    deps.deps,
  );
  return { deliveries, ...deps, report: deps.reports[0] };
}

const ok: MessageHandler = async () => {};

describe("composing middleware", () => {
  it("runs the first middleware outermost: before-parts in order, after-parts in reverse", async () => {
    const trace: string[] = [];
    const recorder =
      (name: string): Middleware =>
      (next) =>
      async (deliveries, ctx) => {
        trace.push(`${name} before`);
        await next(deliveries, ctx);
        trace.push(`${name} after`);
      };
    const inner: Stage = async () => {
      trace.push("handler");
    };
    await runBatch("q", compose(recorder("a"), recorder("b"))(inner), [], env, fakeDeps().deps);
    expect(trace).toEqual(["a before", "b before", "handler", "b after", "a after"]);
  });
});

describe("the standard consumer pipeline", () => {
  it("parses before dedup and the handler: a body that cannot parse reaches neither", async () => {
    const looked: string[][] = [];
    const store: DedupStore = {
      async processed(ids) {
        looked.push(ids);
        return new Set();
      },
      async remember() {},
    };
    const seen: Message[] = [];
    const good = event();
    await run(
      async (messages) => {
        seen.push(...messages);
      },
      [raw({ nonsense: true }), raw(good)],
      { dedup: store },
    );
    expect(looked).toEqual([[good.event_id]]);
    expect(seen.map((m) => m.event_id)).toEqual([good.event_id]);
  });

  it("dedups before the handler: an id already processed never reaches it", async () => {
    const done = event();
    const fresh = event();
    const store: DedupStore = {
      processed: async (ids) => new Set(ids.filter((id) => id === done.event_id)),
      remember: async () => {},
    };
    const seen: string[] = [];
    const { deliveries } = await run(
      async (messages) => {
        seen.push(...messages.map((m) => m.event_id));
      },
      [raw(done), raw(fresh)],
      { dedup: store },
    );
    expect(seen).toEqual([fresh.event_id]);
    expect(deliveries.map((d) => d.disposition)).toEqual(["duplicate", "acked"]);
  });

  it("settles inside logs and metrics, so both see each message's final disposition", async () => {
    const { logs, report } = await run(
      async (messages, _env, ctx) => {
        for (const m of messages) ctx.fail(m, new PermanentError("never"));
      },
      [raw(event())],
    );
    expect(logs.find((l) => l.msg === "message dead-lettered")).toMatchObject({
      level: "error",
      reason: "never",
    });
    expect(report?.counters.dead_lettered).toBe(1);
  });

  it("logs a failed message with its event_id, type, tenant_id and correlation_id", async () => {
    const body = event({ correlation_id: "cycle-9" });
    const { logs } = await run(async () => {
      throw new Error("agent unavailable");
    }, [raw(body)]);
    expect(logs.find((l) => l.msg === "message retried")).toMatchObject({
      queue: "events",
      event_id: body.event_id,
      type: "research.completed",
      tenant_id: "acme",
      correlation_id: "cycle-9",
      reason: "agent unavailable",
      delay_seconds: 2,
    });
  });
});

describe("acks, retries and dead letters", () => {
  it("dead-letters a poison message once, with its reason, without retrying it", async () => {
    const poison = raw({ event_id: "x", type: "research.completed" });
    const { deadLetters } = await run(ok, [poison]);
    expect(poison.acked).toBe(true);
    expect(poison.retriedWith).toBeUndefined();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ queue: "events", attempts: 1, body: poison.body });
    expect(deadLetters[0]?.reason).toMatch(/^invalid message: /);
  });

  it("dead-letters a message the handler fails permanently, and acks the others", async () => {
    const bad = raw(event());
    const good = raw(event());
    const { deadLetters } = await run(
      async (messages, _env, ctx) => {
        const first = messages[0];
        if (first) ctx.fail(first, new PermanentError("no such article"));
      },
      [bad, good],
    );
    expect(deadLetters.map((l) => l.reason)).toEqual(["no such article"]);
    expect([bad.acked, good.acked]).toEqual([true, true]);
  });

  it("retries with backoff when the handler throws an ordinary error", async () => {
    const message = raw(event(), 3);
    await run(async () => {
      throw new Error("timeout");
    }, [message]);
    expect(message.acked).toBe(false);
    expect(message.retriedWith).toBe(8);
  });

  it("dead-letters a failure on the queue's last delivery itself, keeping the failure's reason", async () => {
    const message = raw(event(), 6);
    const { deadLetters } = await run(
      async () => {
        throw new Error("agent unavailable");
      },
      [message],
      { maxRetries: 5 },
    );
    expect(message.acked).toBe(true);
    expect(deadLetters.map((l) => l.reason)).toEqual([
      "retries exhausted after 6 attempts: agent unavailable",
    ]);
  });

  it("retries a rate-limited message after the wait the destination asked for", async () => {
    const message = raw(event());
    await run(async () => {
      throw new RateLimitedError("429", 90);
    }, [message]);
    expect(message.retriedWith).toBe(90);
  });

  it("retries what no stage settled, never acking it", async () => {
    const message = raw("anything");
    const deps = fakeDeps();
    await runBatch(
      "events-dlq",
      rawPipeline()(async () => {}),
      [message],
      env,
      deps.deps,
    );
    expect(message.acked).toBe(false);
    expect(message.retriedWith).toBe(2);
  });

  it("retries a permanent failure when the dead-letter queue refuses it, so nothing is dropped", async () => {
    const message = raw({ not: "a message" });
    const { deadLetters, deliveries } = await run(
      ok,
      [message],
      {},
      fakeDeps({ deadLetterFails: true }),
    );
    expect(deadLetters).toEqual([]);
    expect(message.acked).toBe(false);
    expect(message.retriedWith).toBe(2);
    expect(deliveries[0]?.reason).toMatch(/could not dead-letter \(dlq unavailable\)/);
  });

  it("dead-letters a type the queue does not take", async () => {
    const { deadLetters } = await run(ok, [raw(event())], { accepts: ["research.requested"] });
    expect(deadLetters[0]?.reason).toBe(
      "events does not take research.completed (it takes research.requested)",
    );
  });
});

describe("dedup in a consumer with storage of its own", () => {
  it("skips a second copy within the batch and remembers only what the handler acked", async () => {
    const a = event();
    const b = event();
    const remembered: string[] = [];
    const store: DedupStore = {
      processed: async () => new Set(),
      remember: async (ids) => {
        remembered.push(...ids);
      },
    };
    const { deliveries } = await run(
      async (messages, _env, ctx) => {
        for (const m of messages) if (m.event_id === b.event_id) ctx.fail(m, new Error("later"));
      },
      [raw(a), raw(a), raw(b)],
      { dedup: store },
    );
    expect(deliveries.map((d) => d.disposition)).toEqual(["acked", "duplicate", "retried"]);
    expect(remembered).toEqual([a.event_id]);
  });
});

describe("consumer metrics", () => {
  it("after N events with duplicates, reports N delivered, N acked and the duplicates, in one flush", async () => {
    const bodies = Array.from({ length: 5 }, () => event());
    const { reports, report } = await run(
      async (messages, _env, ctx) => {
        for (const m of messages.slice(0, 2)) ctx.duplicate(m);
      },
      bodies.map((b) => raw(b)),
      { countsEvents: true },
    );
    expect(reports).toHaveLength(1);
    expect(report?.counters).toEqual({
      delivered: 5,
      acked: 5,
      retried: 0,
      dead_lettered: 0,
      duplicates: 2,
    });
    expect(report?.handler_ms.reduce((a, b) => a + b, 0)).toBe(5);
    expect(report?.wait_ms.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("reports what the handler and wait samples add up to, beside their histograms", async () => {
    // Given a clock the handler moves by 40 ms, and messages sent at t = 1 s
    const deps = fakeDeps();
    let clock = 10_000;
    deps.deps.now = () => clock;
    const slow: MessageHandler = async () => {
      clock += 40;
    };
    // When a batch of three is consumed at t = 10 s
    const { report } = await run(slow, [raw(event()), raw(event()), raw(event())], {}, deps);
    // Then each message counts its batch's 40 ms and its own 9 s of waiting
    expect(report?.sum_ms).toEqual({ handler_ms: 3 * 40, wait_ms: 3 * 9_000 });
    expect(report?.handler_ms.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("meters a write, a read and a delete per first delivery acked, and one invocation per batch", async () => {
    const { report } = await run(ok, [raw(event()), raw(event())], { countsEvents: true });
    // No Durable Object call of its own: the Worker's buffered flush meters the one it makes.
    expect(report?.meter).toMatchObject({
      events: 2,
      queue_operations: 6,
      worker_requests: 1,
      do_requests: 0,
    });
  });

  it("meters only a read for a redelivery that is retried again, and counts no new event", async () => {
    const { report } = await run(
      async () => {
        throw new Error("still down");
      },
      [raw(event(), 2)],
      { countsEvents: true },
    );
    expect(report?.meter).toMatchObject({ events: 0, queue_operations: 1 });
    expect(report?.counters).toMatchObject({ delivered: 1, retried: 1, acked: 0 });
  });

  it("still settles the batch when the metrics cannot be flushed", async () => {
    const message = raw(event());
    const deps = fakeDeps();
    deps.deps.flushReport = async () => {
      throw new Error("ops agent down");
    };
    await runBatch("events", standardPipeline({})(handle(ok)), [message], env, deps.deps);
    expect(message.acked).toBe(true);
    expect(deps.logs.find((l) => l.msg === "metrics not recorded")).toBeDefined();
  });
});

describe("bundled messages", () => {
  const bundleOf = (...messages: unknown[]) => ({ switchboard_bundle: 1, messages });

  it("hands each envelope of a bundle to the handler and acks the queue message once all are done", async () => {
    const seen: string[] = [];
    const a = event();
    const b = event();
    const message = raw(bundleOf(a, b));
    await run(
      async (messages) => {
        seen.push(...messages.map((m) => m.event_id));
      },
      [message],
    );
    expect(seen).toEqual([a.event_id, b.event_id]);
    expect(message.acked).toBe(true);
  });

  it("retries the whole queue message when one of its envelopes failed for now", async () => {
    const a = event();
    const b = event();
    const message = raw(bundleOf(a, b));
    const { deliveries } = await run(
      async (messages, _env, ctx) => {
        const second = messages.find((m) => m.event_id === b.event_id);
        if (second) ctx.fail(second, new Error("agent busy"));
      },
      [message],
    );
    expect(message.acked).toBe(false);
    expect(message.retriedWith).toBeGreaterThan(0);
    expect(deliveries.map((d) => d.disposition)).toEqual(["acked", "retried"]);
  });

  it("dead-letters a permanently failing envelope alone and acks the rest", async () => {
    const a = event();
    const b = event();
    const message = raw(bundleOf(a, b));
    const { deadLetters } = await run(
      async (messages, _env, ctx) => {
        const second = messages.find((m) => m.event_id === b.event_id);
        if (second) ctx.fail(second, new PermanentError("no such tenant"));
      },
      [message],
    );
    expect(message.acked).toBe(true);
    expect(deadLetters.map((l) => (l.body as { event_id: string }).event_id)).toEqual([b.event_id]);
  });

  it("meters queue operations per queue message and events per envelope", async () => {
    const { report } = await run(ok, [raw(bundleOf(event(), event(), event()))], {
      countsEvents: true,
    });
    expect(report?.meter).toMatchObject({ events: 3, queue_operations: 3 });
  });
});
