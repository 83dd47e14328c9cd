import type { Context } from "hono";
import { LIMITS } from "../../events";
import { jsonShapeProblem } from "./json-shape";
import { badRequest, ProblemError } from "./problem";

/**
 * Reads a JSON request body within a byte limit: 415 when it is not JSON, 413 when it
 * is too large (by header or by what actually arrives), 400 when it does not parse or
 * has a shape no request needs (deep nesting, `__proto__` keys, broken Unicode).
 */
export async function readJsonBody(
  c: Context,
  maxBytes: number = LIMITS.maxRequestBytes,
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
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
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
  const shape = jsonShapeProblem(body);
  if (shape !== null) throw badRequest(`The body is not acceptable: ${shape}.`);
  return body;
}

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    413,
    "too-large",
    "Payload too large",
    `A request body may be at most ${maxBytes} bytes.`,
  );
}
