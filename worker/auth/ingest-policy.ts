import { type BatchItemError, catalog, type IngestSenders, type Message } from "../../events";
import type { Caller } from "../../events/caller";

/**
 * The service a service token speaks for: its subject, or the part before the first `:`
 * (`social:eu-1` speaks for `social`), so one service can hold several tokens.
 */
export function serviceOf(subject: string): string {
  return subject.split(":")[0] ?? subject;
}

/** The `source` the platform records for an operator's injected message. */
export function operatorSource(subject: string): string {
  return `operator:${subject}`.slice(0, 64);
}

export type IngestDecision =
  | { ok: true; messages: Message[] }
  | { ok: false; errors: BatchItemError[]; types: string[] };

/**
 * The catalog's producers as policy for `POST /api/events` (`ingest` in
 * events/catalog.ts). A service may send the types its service produces, with `source`
 * naming that service; a tenant, the few types a tenant may ask for itself, with
 * `source` `tenant:<id>`; an operator, any type, recorded as `operator:<subject>` in
 * `source` (the audit trail of an injection). Anything else is refused, naming the type.
 */
export function authorizeIngest(caller: Caller, messages: readonly Message[]): IngestDecision {
  if (caller.role === "operator") {
    const source = operatorSource(caller.subject);
    return { ok: true, messages: messages.map((m) => ({ ...m, source })) };
  }
  const errors: BatchItemError[] = [];
  const types = new Set<string>();
  messages.forEach((message, index) => {
    const refused = refusal(caller, message);
    if (refused === null) return;
    errors.push({ index, event_id: message.event_id, errors: [refused] });
    types.add(message.type);
  });
  return errors.length === 0
    ? { ok: true, messages: [...messages] }
    : { ok: false, errors, types: [...types] };
}

function refusal(
  caller: Exclude<Caller, { role: "operator" }>,
  message: Message,
): { path: "type" | "source"; message: string } | null {
  const senders: IngestSenders = catalog[message.type].ingest;
  const producers = catalog[message.type].producers.join(", ");
  if (caller.role === "tenant") {
    if (senders.tenant !== true)
      return {
        path: "type",
        message: `a tenant token may not send ${message.type} (produced by ${producers})`,
      };
    const own = `tenant:${caller.tenant}`;
    return message.source === own
      ? null
      : { path: "source", message: `source must be ${own}, the tenant this token is for` };
  }
  const service = serviceOf(caller.subject);
  const allowed =
    senders.services === "any" || (senders.services as readonly string[]).includes(service);
  if (!allowed)
    return {
      path: "type",
      message: `a service token for ${service} may not send ${message.type} (produced by ${producers})`,
    };
  return message.source === service
    ? null
    : { path: "source", message: `source must be ${service}, the service this token speaks for` };
}
