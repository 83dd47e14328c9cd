import type { Context } from "hono";
import type { z } from "zod";
import { toFieldErrors } from "./field-errors";
import { badRequest } from "./problem";

/** Parses the query string with a schema: 400 with field errors when it does not fit. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success)
    throw badRequest("The query parameters are not valid.", toFieldErrors(result.error));
  return result.data;
}
