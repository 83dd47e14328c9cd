import { z } from "zod";
import { Traceparent } from "./trace-context";

/** Tenant ids name agents and appear in URLs, so they are lowercase slugs of at most 63 chars. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Message types are dot notation: `<domain>.<fact>` with optional further segments (`.v2`). */
export const MESSAGE_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** A tenant id: 1–63 lowercase letters, digits or hyphens, not starting with a hyphen. */
export const TenantId = z
  .string()
  .regex(
    TENANT_ID_PATTERN,
    "tenant_id must be 1-63 lowercase letters, digits or hyphens, starting with a letter or digit",
  )
  // Names every JavaScript object has: a tenant id is used as a key.
  .refine(
    (id) => id !== "constructor" && id !== "prototype",
    "tenant_id must not be a reserved name",
  );
export type TenantId = z.infer<typeof TenantId>;

/**
 * The envelope every queue message and every ingested event travels in (DESIGN §3).
 * Strict: an unknown top-level key is an error, so a typo never passes silently.
 * The payload is only checked to be a plain object here; its shape is the catalog's job.
 */
export const Envelope = z.strictObject({
  event_id: z.uuid(),
  type: z
    .string()
    .min(1)
    .max(128)
    .regex(MESSAGE_TYPE_PATTERN, "type must be dot notation, e.g. research.completed"),
  source: z.string().min(1).max(64),
  tenant_id: TenantId,
  timestamp: z.iso.datetime({ offset: true }),
  correlation_id: z.string().min(1).max(128).optional(),
  causation_id: z.string().min(1).max(128).optional(),
  // Optional: messages from before it existed (a stored letter redriven) still parse.
  traceparent: Traceparent.optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;
