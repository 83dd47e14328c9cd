import { catalog, isMessageType, type Message, messageTypes } from "./catalog";
import { Envelope, MESSAGE_TYPE_PATTERN } from "./envelope";
import { capErrors, clip, type FieldError, toFieldErrors } from "./field-errors";

export type { FieldError } from "./field-errors";

/** The result of parsing one message. */
export type ParseResult = { ok: true; message: Message } | { ok: false; errors: FieldError[] };

/** The errors of one bad item in a batch; `index` is -1 for a problem with the batch itself. */
export type BatchItemError = { index: number; event_id?: string; errors: FieldError[] };

/** The result of parsing a batch: every message, or every bad item. */
export type BatchParseResult =
  | { ok: true; messages: Message[] }
  | { ok: false; errors: BatchItemError[] };

const UNKNOWN_TYPE_HINT = clip(messageTypes.join(", "), 200);

/**
 * Parses untrusted input into a catalog message: the envelope, then the payload with
 * the catalog schema of its type. Reports every problem it finds, with dotted paths
 * (`payload.keywords.0`). Never throws.
 */
export function parseMessage(input: unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (error) {
    // Only exotic objects get here (a Proxy or a getter that throws); JSON never does.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: "", message: clip(`unreadable input: ${reason}`) }] };
  }
}

function parseUnsafe(input: unknown): ParseResult {
  const envelope = Envelope.safeParse(input);
  const errors = envelope.success ? [] : toFieldErrors(envelope.error.issues);
  // The envelope's own errors already cover a missing or malformed input.
  if (!isPlainObject(input)) return { ok: false, errors: capErrors(errors) };

  // The payload is checked even when the envelope is not, so one round trip shows all.
  const { type, payload } = input;
  if (typeof type === "string" && isMessageType(type)) {
    const parsed = catalog[type].payload.safeParse(payload);
    if (parsed.success && envelope.success) {
      // The cast joins two checked halves: the envelope and the payload of this type.
      const message = { ...envelope.data, type, payload: parsed.data } as Message;
      return { ok: true, message };
    }
    if (!parsed.success && isPlainObject(payload)) {
      errors.push(...toFieldErrors(parsed.error.issues, "payload"));
    }
  } else if (typeof type === "string" && isWellFormedType(type)) {
    errors.push({
      path: "type",
      message: `unknown type "${clip(type, 64)}"; known types: ${UNKNOWN_TYPE_HINT}`,
    });
  }
  return { ok: false, errors: capErrors(errors) };
}

/**
 * Parses one message or an array of them. Every bad item is reported with its index
 * (and its event_id when it has a readable one). An empty array is an error at index -1.
 * Duplicate event_ids are legal here: deduplication happens downstream. Size limits are
 * `checkBatchLimits`' job and run before this. Never throws.
 */
export function parseBatch(input: unknown): BatchParseResult {
  if (!Array.isArray(input)) return collect([input]);
  if (input.length === 0) {
    return {
      ok: false,
      errors: [{ index: -1, errors: [{ path: "", message: "batch is empty" }] }],
    };
  }
  return collect(input);
}

function collect(items: readonly unknown[]): BatchParseResult {
  const messages: Message[] = [];
  const errors: BatchItemError[] = [];
  // An indexed loop, not forEach: holes in a sparse array are items too.
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const result = parseMessage(item);
    if (result.ok) {
      messages.push(result.message);
      continue;
    }
    const event_id = readableEventId(item);
    errors.push(
      event_id === undefined
        ? { index, errors: result.errors }
        : { index, event_id, errors: result.errors },
    );
  }
  return errors.length === 0 ? { ok: true, messages } : { ok: false, errors };
}

function readableEventId(item: unknown): string | undefined {
  try {
    if (!isPlainObject(item)) return undefined;
    const id = item.event_id;
    return typeof id === "string" && id.length > 0 && id.length <= 128 ? id : undefined;
  } catch {
    // A throwing getter means there is no readable id; the item's errors say why.
    return undefined;
  }
}

function isWellFormedType(type: string): boolean {
  return type.length <= 128 && MESSAGE_TYPE_PATTERN.test(type);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
