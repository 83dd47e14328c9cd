import type { z } from "zod";
import type { FieldError } from "../../events";

/** zod issues as the API's `errors[]`: a dotted path and a message each. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}
