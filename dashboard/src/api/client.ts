/**
 * The one way the dashboard talks HTTP: bearer token in, JSON out, and every failure
 * (network, problem+json, an answer of the wrong shape) thrown as a ProblemError.
 * Responses are parsed with the contract's schema of each answer (events/http/, through
 * `schemas.ts`).
 */
import type { z } from "zod";
import { authHeaders, signOut } from "../auth";
import { networkProblem, ProblemError, readProblem } from "../problem";

export type RequestOptions = { signal?: AbortSignal | undefined };

async function send(
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ProblemError(networkProblem(error));
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    // The token is missing, forged or expired: back to the login screen, saying why.
    if (response.status === 401) signOut(problem.detail ?? problem.title);
    throw new ProblemError(problem);
  }
  return response;
}

function parse<S extends z.ZodType>(path: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ProblemError({
    type: "about:blank",
    title: "Unexpected response",
    status: 200,
    detail: `${path} answered in a shape the dashboard does not know${
      issue ? ` (${issue.path.join(".") || "body"}: ${issue.message})` : ""
    }.`,
  });
}

/** GETs JSON and parses it. */
export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await send("GET", path, undefined, options);
  return parse(path, schema, await response.json());
}

/** Sends JSON (POST, PUT, DELETE) and parses the answer. */
export async function sendJson<S extends z.ZodType>(
  method: "POST" | "PUT" | "DELETE",
  path: string,
  body: unknown,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await send(method, path, body, options);
  return parse(path, schema, await response.json());
}

/** Sends a request whose answer has no body worth reading (204, 202). */
export async function sendCommand(
  method: "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<void> {
  await send(method, path, body, {});
}

/** A path with its query string; undefined and empty values are left out. */
export function withQuery(
  path: string,
  query: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A path segment, escaped. */
export const seg = encodeURIComponent;
