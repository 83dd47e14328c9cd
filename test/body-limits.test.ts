import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../events";
import { readJsonBody } from "../platform/http/json-body";
import { onError } from "../platform/http/problem";
import { api, createTenant, researchCompleted, uniqueTenant } from "./support/api";

const CHUNK = 64 * 1024;

/** Settles once; `resolve` is called from the stream's callbacks. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A request body of `total` bytes of JSON whitespace, 64 KiB per read. It records how
 * much was taken, and settles `outcome` when the reader either gives up on it
 * ("cancelled") or takes it to the end ("read to the end"): one of the two always happens.
 */
function largeBody(total: number) {
  const outcome = signal<"cancelled" | "read to the end">();
  const taken = { bytes: 0 };
  const chunk = new TextEncoder().encode(" ".repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (taken.bytes >= total) {
        controller.close();
        outcome.resolve("read to the end");
        return;
      }
      taken.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      outcome.resolve("cancelled");
    },
  });
  return { stream, taken, outcome: outcome.promise };
}

/** A body that sends its first bytes, then stalls for ever; `waiting` settles once it is read. */
function stalledBody(first: string) {
  const waiting = signal();
  const cancelled = signal<unknown>();
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(new TextEncoder().encode(first));
        return;
      }
      waiting.resolve();
      return new Promise<void>(() => {});
    },
    cancel(reason) {
      cancelled.resolve(reason);
    },
  });
  return { stream, waiting: waiting.promise, cancelled: cancelled.promise };
}

function post(body: ReadableStream<Uint8Array> | string): Promise<Response> {
  return api("/api/events", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

describe("request bodies that arrive in chunks", () => {
  it("are refused with 413 as soon as they pass 1 MB, and the rest is never read", async () => {
    // Given a client streaming 8 MB without Content-Length
    const total = 8 * LIMITS.maxRequestBytes;
    const body = largeBody(total);

    // When it posts the body to the ingest endpoint
    const response = await post(body.stream);

    // Then it is refused as too large, as a problem
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 413, title: "Payload too large" });
    // And the Worker stopped reading a little past the limit: the upload was cancelled
    expect(await body.outcome).toBe("cancelled");
    expect(body.taken.bytes).toBeLessThan(LIMITS.maxRequestBytes + 16 * CHUNK);
  });

  it("are read whole and accepted when they stay under the limit", async () => {
    // Given a valid event sent in small chunks, with no Content-Length
    const tenant = await createTenant(uniqueTenant("chunked"));
    const event = researchCompleted(tenant);
    const bytes = new TextEncoder().encode(JSON.stringify(event));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.byteLength; at += 100) {
          controller.enqueue(bytes.slice(at, at + 100));
        }
        controller.close();
      },
    });

    // When it is posted
    const response = await post(stream);

    // Then it is accepted as if it had come in one piece
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 1, event_ids: [event.event_id] });
  });

  it("time out with 408 when the body stalls, instead of holding the request open", async () => {
    // Given a route reading its body with a deadline this test controls
    const deadline = new AbortController();
    const app = new Hono()
      .post("/", async (c) => c.json(await readJsonBody(c, 1024, { deadline: deadline.signal })))
      .onError(onError);
    const body = stalledBody('{"half": ');

    // When a client sends half a body and then nothing, and the deadline passes
    const answer = app.request("/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body.stream,
    });
    await body.waiting;
    deadline.abort();

    // Then the request is answered with 408, as a problem, and the upload is cut off
    const response = await answer;
    expect(response.status).toBe(408);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 408, title: "Request timeout" });
    await body.cancelled;
  });
});
