import { LIMITS, serializedBytes } from "../../events";

/** Cloudflare's per-call limits on `sendBatch`. */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Sends bodies with as few `sendBatch` calls as the platform's limits allow (100
 * messages and 256 KB a call), in order.
 */
export async function sendAll(queue: Queue, bodies: readonly unknown[]): Promise<void> {
  let chunk: MessageSendRequest[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Math.min(serializedBytes(body), LIMITS.maxMessageBytes);
    if (
      chunk.length === MAX_BATCH_MESSAGES ||
      (chunk.length > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      await queue.sendBatch(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ body, contentType: "json" });
    bytes += size;
  }
  if (chunk.length > 0) await queue.sendBatch(chunk);
}
