import type { FieldError } from "../../events";

export type { FieldError };

/** An RFC 9457 problem, as every error of the API is shaped (DESIGN.md §8). */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

/** Thrown by the API client for any failed request, so callers handle one shape. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ProblemError";
    this.problem = problem;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toFieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((item) => ({
    path: Array.isArray(item.path) ? item.path.join(".") : String(item.path ?? ""),
    message: String(item.message ?? "is invalid"),
  }));
}

/** Reads a failed response as a problem, whatever the server actually sent. */
export async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: "about:blank",
    title: response.statusText || "Request failed",
    status: response.status,
  };
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    if (!isRecord(body)) return { ...fallback, detail: text.slice(0, 300) };
    const errors = toFieldErrors(body.errors);
    return {
      type: typeof body.type === "string" ? body.type : fallback.type,
      title: typeof body.title === "string" ? body.title : fallback.title,
      status: typeof body.status === "number" ? body.status : fallback.status,
      ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
      ...(errors ? { errors } : {}),
    };
  } catch {
    // Not JSON (a proxy's HTML error page, say): show the start of what came back.
    return text.trim() === "" ? fallback : { ...fallback, detail: text.trim().slice(0, 300) };
  }
}

/** A problem for a request that never got a response (offline, server down). */
export function networkProblem(error: unknown): Problem {
  return {
    type: "about:blank",
    title: "Network error",
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** The problem behind any error thrown by the API client. */
export function toProblem(error: unknown): Problem {
  return error instanceof ProblemError ? error.problem : networkProblem(error);
}
