import { serializedBytes } from "./limits";

/**
 * Several envelopes in one queue message. Queues bill per 64 KB written, read and
 * deleted, and a consumer batch holds at most 100 messages, so packing the envelopes of
 * one request (or one outbox flush) into one message cuts queue operations per event
 * and lets one batch carry thousands of events, many per tenant. Consumers unpack a
 * bundle into its envelopes and settle each envelope on its own; the queue message is
 * acked only when all of them are done.
 */
export type Bundle = { switchboard_bundle: 1; messages: unknown[] };

/** Packed bundles stay under one 64 KB billing unit (with room for the wrapper). */
export const BUNDLE_MAX_BYTES = 60 * 1024;
/** At most this many envelopes in one bundle, whatever their size. */
export const BUNDLE_MAX_MESSAGES = 500;

export function isBundle(body: unknown): body is Bundle {
  return (
    typeof body === "object" &&
    body !== null &&
    (body as { switchboard_bundle?: unknown }).switchboard_bundle === 1 &&
    Array.isArray((body as { messages?: unknown }).messages)
  );
}

/** The envelopes a queue message carries: a bundle's, or the message itself. */
export function unbundle(body: unknown): unknown[] {
  return isBundle(body) ? body.messages : [body];
}

/**
 * Packs messages, in order, into queue bodies of at most `BUNDLE_MAX_BYTES` each. A pack
 * of one is sent as the plain envelope, so a lone message looks as it always did.
 */
export function bundle(messages: readonly unknown[], maxBytes = BUNDLE_MAX_BYTES): unknown[] {
  const bodies: unknown[] = [];
  let pack: unknown[] = [];
  let bytes = 0;
  const close = () => {
    if (pack.length === 1) bodies.push(pack[0]);
    else if (pack.length > 1)
      bodies.push({ switchboard_bundle: 1, messages: pack } satisfies Bundle);
    pack = [];
    bytes = 0;
  };
  for (const message of messages) {
    // Each envelope adds its JSON and a comma inside the bundle's array.
    const size = serializedBytes(message) + 1;
    if (pack.length > 0 && (bytes + size > maxBytes || pack.length >= BUNDLE_MAX_MESSAGES)) close();
    pack.push(message);
    bytes += size;
  }
  close();
  return bodies;
}
