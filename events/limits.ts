/** Size limits of DESIGN §3: per message, per ingest request. */
export const LIMITS = {
  maxMessageBytes: 128 * 1024,
  maxBatchItems: 100,
  maxRequestBytes: 1024 * 1024,
} as const;

const encoder = new TextEncoder();

/**
 * UTF-8 byte length of `JSON.stringify(value)`: what a queue or an HTTP body carries.
 * `undefined` (and anything else JSON drops) is 0 bytes. Throws like JSON.stringify on
 * values JSON cannot hold (cycles, BigInt); parsed JSON never is one.
 */
export function serializedBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : encoder.encode(json).byteLength;
}

/** The outcome of a limit check; `detail` is written for the client that sent the batch. */
export type LimitCheck = { ok: true } | { ok: false; detail: string };

// Enough indexes to find the culprits without echoing a whole batch back.
const MAX_LISTED = 10;

/**
 * Checks a batch against the item count and per-message size limits, naming the
 * oversized items by index. Never throws: an item JSON cannot hold is reported too.
 */
export function checkBatchLimits(items: readonly unknown[]): LimitCheck {
  if (items.length > LIMITS.maxBatchItems) {
    return {
      ok: false,
      detail: `batch has ${items.length} messages; the limit is ${LIMITS.maxBatchItems}`,
    };
  }
  const problems: string[] = [];
  for (let index = 0; index < items.length; index++) {
    const bytes = bytesOrUndefined(items[index]);
    if (bytes === undefined) problems.push(`message ${index} cannot be serialized as JSON`);
    else if (bytes > LIMITS.maxMessageBytes) {
      problems.push(`message ${index} is ${bytes} bytes`);
    }
  }
  if (problems.length === 0) return { ok: true };
  const listed = problems.slice(0, MAX_LISTED).join("; ");
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : "";
  return {
    ok: false,
    detail: `${listed}${more}; a message may be at most ${LIMITS.maxMessageBytes} bytes`,
  };
}

function bytesOrUndefined(value: unknown): number | undefined {
  try {
    return serializedBytes(value);
  } catch {
    // Cycles and BigInt cannot be sent at all; the caller reports them by index.
    return undefined;
  }
}
