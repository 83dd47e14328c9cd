import type { z } from "zod";

/** One problem with one field; `path` is dotted (`"payload.keywords.0"`), `""` for the root. */
export type FieldError = { path: string; message: string };

// Error text is echoed to clients and logs; input-derived parts (unknown key names,
// unknown types) are cut so a hostile message cannot make its own error huge.
const MAX_MESSAGE_CHARS = 300;
const MAX_ERRORS = 50;

/** Shortens text for an error message. */
export function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Dotted path of an issue, with an optional prefix (`"payload"`). */
export function formatPath(path: readonly PropertyKey[], prefix?: string): string {
  const parts = path.map((key) => clip(String(key), 64));
  return (prefix === undefined ? parts : [prefix, ...parts]).join(".");
}

/** Turns zod issues into field errors, bounded in count and length. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path, prefix),
    message: clip(issue.message),
  }));
}

/** Caps a list of errors, saying how many were left out. */
export function capErrors(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const omitted = errors.length - (MAX_ERRORS - 1);
  return [
    ...errors.slice(0, MAX_ERRORS - 1),
    { path: "", message: `${omitted} more errors not shown` },
  ];
}
