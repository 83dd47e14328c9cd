import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError } from "../../events";
import { isOpsUnavailable } from "../../events/errors";
import { log } from "../log";
import { holdRefusal, refusalHoldMs } from "./refusal-hold";

/** RFC 9457 problem details: the body of every error this API returns. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: unknown[];
};

const TYPE_BASE = "https://switchboard.dev/problems/";

/** An error that becomes a problem+json response when thrown from a handler. */
/** V8's Error, with the stack depth knob the standard library types leave out. */
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: readonly (FieldError | object)[],
    /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    // An answer, not a fault: no stack is captured (capturing one is most of what a
    // refused request costs the thread, and none is ever shown).
    const limit = V8Error.stackTraceLimit;
    V8Error.stackTraceLimit = 0;
    super(detail);
    V8Error.stackTraceLimit = limit;
  }
}

export function problemResponse(problem: Problem, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) {
    return {
      type: TYPE_BASE + error.slug,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: [...error.errors] } : {}),
    };
  }
  if (error instanceof HTTPException) {
    return {
      type: `${TYPE_BASE}http-${error.status}`,
      title: error.message || "Request failed",
      status: error.status,
      detail: error.message || "The request could not be handled.",
    };
  }
  if (isOpsUnavailable(error)) {
    return {
      type: `${TYPE_BASE}unavailable`,
      title: "Service unavailable",
      status: 503,
      detail:
        "The platform's operations agent is out of reach for now; nothing was changed by this request. Try again after Retry-After.",
    };
  }
  return {
    type: `${TYPE_BASE}internal`,
    title: "Internal error",
    status: 500,
    detail: "Something went wrong on our side; nothing was changed by this request.",
  };
}

/**
 * Hono's `onError`: every thrown error leaves as problem+json; a refusal for rate (429)
 * after a short hold (`refusal-hold.ts`).
 */
export async function onError(error: unknown, c: Context): Promise<Response> {
  const problem = toProblem(error);
  if (problem.status >= 500 && problem.status !== 503) {
    log({ level: "error", msg: "unhandled", path: c.req.path, error: String(error) });
  }
  const headers =
    error instanceof ProblemError
      ? error.headers
      : problem.status === 503
        ? { "retry-after": "5" }
        : undefined;
  if (problem.status === 429) {
    const env = c.env as Partial<Env> | undefined;
    await holdRefusal(refusalHoldMs(env?.REFUSAL_HOLD_MS, headers?.["retry-after"]));
  }
  return problemResponse(problem, headers);
}

export function notFound(c: Context): Response {
  return problemResponse({
    type: `${TYPE_BASE}not-found`,
    title: "Not found",
    status: 404,
    detail: `No route for ${c.req.method} ${c.req.path}.`,
  });
}

export const badRequest = (detail: string, errors?: readonly object[]) =>
  new ProblemError(400, "bad-request", "Bad request", detail, errors);
export const unprocessable = (detail: string, errors?: readonly object[]) =>
  new ProblemError(422, "unprocessable", "Unprocessable content", detail, errors);
