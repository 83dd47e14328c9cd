import type { Context } from "hono";
import { LIMITS } from "../../events";
import { log } from "../log";
import { jsonShapeProblem } from "./json-shape";
import { badRequest, ProblemError } from "./problem";

/** How long a request body may take to arrive, whole. */
export const BODY_TIMEOUT_MS = 10_000;

export type BodyOptions = {
  /**
   * Aborts the read when the body has taken too long (a 408). By default
   * `AbortSignal.timeout(BODY_TIMEOUT_MS)`; tests pass a signal they abort themselves.
   */
  deadline?: AbortSignal;
  /**
   * Leaves the shape check to the caller (`checkJsonShape`), who may refuse the request
   * on cheaper grounds first (ingest's per-tenant share). Default: checked here.
   */
  deferShapeCheck?: boolean;
};

/**
 * Reads a JSON request body within a byte limit: 415 when it is not JSON, 413 when it
 * is too large (by header, or as soon as what arrives passes the limit: the rest is
 * never read), 408 when it does not arrive in time, 400 when it does not parse or has a
 * shape no request needs (deep nesting, `__proto__` keys, broken Unicode).
 */
export async function readJsonBody(
  c: Context,
  maxBytes: number = LIMITS.maxRequestBytes,
  options: BodyOptions = {},
): Promise<unknown> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new ProblemError(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      "Send the body as application/json.",
    );
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const deadline = options.deadline ?? AbortSignal.timeout(BODY_TIMEOUT_MS);
  const bytes = await readLimited(c.req.raw.body, maxBytes, deadline);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw badRequest("The body is not valid UTF-8.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  if (!options.deferShapeCheck) checkJsonShape(body);
  return body;
}

/** 400 for a parsed body with a shape no request needs (see `jsonShapeProblem`). */
export function checkJsonShape(body: unknown): void {
  const shape = jsonShapeProblem(body);
  if (shape !== null) throw badRequest(`The body is not acceptable: ${shape}.`);
}

/**
 * The body's bytes, counted as they arrive. Past `maxBytes`, or once `deadline` aborts,
 * the stream is cancelled (the client's upload is cut off) and the problem thrown.
 */
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  deadline: AbortSignal,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array();
  const reader = body.getReader();
  // Cancelling ends the pending read at once (done), however stalled the stream is.
  const stop = () => reader.cancel("the request body took too long").catch(logCancel);
  if (deadline.aborted) stop();
  else deadline.addEventListener("abort", stop, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (deadline.aborted) throw timedOut();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel("the request body is too large").catch(logCancel);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    deadline.removeEventListener("abort", stop);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// The request is refused either way; a stream that fails to cancel changes nothing.
function logCancel(error: unknown): void {
  log({ level: "warn", msg: "body cancel failed", error: String(error) });
}

function timedOut(): ProblemError {
  return new ProblemError(
    408,
    "request-timeout",
    "Request timeout",
    "The request body did not arrive in time; send it whole, at once.",
  );
}

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    413,
    "too-large",
    "Payload too large",
    `A request body may be at most ${maxBytes} bytes.`,
  );
}
