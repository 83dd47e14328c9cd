import type { Message, MessageType, PayloadInputOf } from "./catalog";
import type { FieldError } from "./field-errors";
import { parseMessage } from "./parse";
import { childTraceparent, rootTraceparent, type TraceCause } from "./trace-context";

/** Where ids and time come from, so code that creates messages stays deterministic in tests. */
export type MessageContext = { newId(): string; now(): Date };

/** Random UUIDs and the clock; both exist in Node 22 and in Workers. */
export const systemContext: MessageContext = {
  newId: () => crypto.randomUUID(),
  now: () => new Date(),
};

/** Options of `createMessage`: who it concerns, who sends it, and what caused it. */
export type CreateMessageOptions = {
  tenant_id: string;
  source: string;
  /**
   * The message this one answers; it passes on its correlation and its trace, and
   * becomes the causation (and, through its span, the parent).
   */
  cause?: TraceCause;
  /** Overrides the correlation inherited from the cause. */
  correlation_id?: string;
  /**
   * Overrides the traceparent derived from the cause: a content run's messages are sent
   * under the one its run was started with.
   */
  traceparent?: string;
};

/** Thrown by `createMessage` when the code builds a message the catalog rejects. */
export class InvalidMessageError extends Error {
  override readonly name = "InvalidMessageError";
  constructor(
    readonly type: string,
    readonly errors: FieldError[],
  ) {
    const detail = errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; ");
    super(`invalid ${type} message: ${detail}`);
  }
}

/**
 * Builds a valid message of a catalog type. A message created from a cause gets
 * `causation_id = cause.event_id` and inherits the cause's correlation_id (or starts the
 * chain at the cause's event_id); an explicit `correlation_id` wins. Its `traceparent`
 * keeps the cause's trace, sent from the cause's span (`childTraceparent`); without a
 * cause it opens a trace named after its chain (`rootTraceparent`). Throws
 * `InvalidMessageError` when the payload or envelope is invalid: that is a bug in the
 * caller, not bad input.
 */
export function createMessage<T extends MessageType>(
  type: T,
  payload: PayloadInputOf<T>,
  opts: CreateMessageOptions,
  ctx: MessageContext = systemContext,
): Message<T> {
  const correlation_id = opts.correlation_id ?? opts.cause?.correlation_id ?? opts.cause?.event_id;
  const causation_id = opts.cause?.event_id;
  const event_id = ctx.newId();
  const chain = correlation_id ?? event_id;
  const traceparent =
    opts.traceparent ??
    (opts.cause ? childTraceparent(opts.cause, chain) : rootTraceparent(event_id, chain));
  const candidate = {
    event_id,
    type,
    source: opts.source,
    tenant_id: opts.tenant_id,
    timestamp: ctx.now().toISOString(),
    // Absent rather than undefined, so the message serializes the way it parses.
    ...(correlation_id === undefined ? {} : { correlation_id }),
    ...(causation_id === undefined ? {} : { causation_id }),
    traceparent,
    payload,
  };
  const result = parseMessage(candidate);
  if (!result.ok) throw new InvalidMessageError(type, result.errors);
  // parseMessage checked the payload against the schema of `type`, so this is Message<T>.
  return result.message as Message<T>;
}
