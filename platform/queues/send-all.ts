import { bundle, LIMITS, serializedBytes } from "../../events";

/** Cloudflare's per-call limits on `sendBatch`. */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Splits bodies, in order, into as few `sendBatch` calls as the platform's limits allow
 * (100 messages and 256 KB a call). Each chunk keeps the index of its first body.
 */
export function chunkForSend(
  bodies: readonly unknown[],
): { start: number; requests: MessageSendRequest[] }[] {
  const chunks: { start: number; requests: MessageSendRequest[] }[] = [];
  let current: MessageSendRequest[] = [];
  let start = 0;
  let bytes = 0;
  bodies.forEach((body, index) => {
    const size = Math.min(serializedBytes(body), LIMITS.maxMessageBytes);
    if (
      current.length === MAX_BATCH_MESSAGES ||
      (current.length > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      chunks.push({ start, requests: current });
      current = [];
      start = index;
      bytes = 0;
    }
    current.push({ body, contentType: "json" });
    bytes += size;
  });
  if (current.length > 0) chunks.push({ start, requests: current });
  return chunks;
}

/** Sends bodies with as few `sendBatch` calls as the platform's limits allow, in order. */
export async function sendAll(queue: Queue, bodies: readonly unknown[]): Promise<void> {
  for (const chunk of chunkForSend(bodies)) await queue.sendBatch(chunk.requests);
}

/**
 * Sends messages packed into bundles (see `events/bundle.ts`): one queue message per
 * ~60 KB of envelopes instead of one per envelope. Every consumer of this project's
 * queues unpacks them.
 */
export async function sendBundled(queue: Queue, messages: readonly unknown[]): Promise<void> {
  await sendAll(queue, bundle(messages));
}
