import { type CommandType, createMessage, type Message, type PayloadInputOf } from "../../events";
import { readPath } from "./path";

/** Names the fan-out as the source of the commands it derives (the catalog's producer). */
export const FAN_OUT_SOURCE = "fan-out";

/** A queue destination that turns the message into a command. */
export type DerivingDestination = {
  kind: "queue";
  queue: string;
  as: CommandType;
  map?: Readonly<Record<string, string>>;
};

// A fixed namespace for name-based ids of derived commands (RFC 9562 §5.5, UUIDv5).
const NAMESPACE = "6f0c7c1e-4d0b-4f7e-9a53-3b1c2f5d8e21";

/**
 * Builds the command a destination turns a message into: the payload from `map` (each
 * field a dotted path in the source envelope), the correlation inherited and the source
 * named as the cause. Its event_id is derived from the source's id, the rule and the
 * destination, so a redelivered source yields the same command and its consumer's dedup
 * skips it. Throws `InvalidMessageError` when the mapping does not build a valid payload.
 */
export async function deriveCommand(
  source: Message,
  to: DerivingDestination,
  ruleId: string,
  now: Date,
): Promise<Message> {
  const payload: Record<string, unknown> = {};
  for (const [field, path] of Object.entries(to.map ?? {})) {
    const value = readPath(source, path);
    if (value !== undefined) payload[field] = value;
  }
  const eventId = await nameBasedUuid(`${source.event_id}|${ruleId}|${to.queue}|${to.as}`);
  return createMessage(
    to.as,
    // createMessage checks the payload against the catalog schema of `to.as` and throws
    // when it does not fit, so this cast never lets a bad payload through.
    payload as PayloadInputOf<typeof to.as>,
    { tenant_id: source.tenant_id, source: FAN_OUT_SOURCE, cause: source },
    { newId: () => eventId, now: () => now },
  );
}

/** A UUIDv5: SHA-1 of the namespace and the name, with version and variant bits set. */
export async function nameBasedUuid(name: string): Promise<string> {
  const namespace = hexToBytes(NAMESPACE.replaceAll("-", ""));
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(namespace.length + nameBytes.length);
  input.set(namespace);
  input.set(nameBytes, namespace.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
