import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";
import { Waiting } from "./runs";

// The reference services' answers under /api/services. A fault is parsed with the
// services' own schema (`services/faults/config.ts` `FaultInput`, which holds its bounds
// and defaults): `faultResponses(FaultInput)` completes these, as `strategyResponses` does.

/**
 * The fault-injection answers, completed with the fault's schema:
 * - `ServiceList`: `GET /api/services`, every service with its command queue and fault
 *   (null when healthy);
 * - `ServiceFault`: `GET /api/services/:service/faults` (nulls when healthy);
 * - `FaultState`: `PUT /api/services/:service/faults`, the fault as stored.
 */
export function faultResponses<F extends z.ZodType>(fault: F) {
  return {
    ServiceList: z.object({
      services: z.array(z.looseObject({ service: text, queue: text, fault: fault.nullable() })),
    }),
    ServiceFault: z.looseObject({ service: text, fault: fault.nullable(), updated_at: maybeText }),
    FaultState: z.looseObject({ service: text, fault, updated_at: text }),
  };
}

/** The answers of `faultResponses`, for a fault schema `F`. */
export type FaultResponses<F extends z.ZodType> = ReturnType<typeof faultResponses<F>>;

/**
 * `GET /api/services/:service/outbox?tenant=` (operators): what the service's shard for
 * the tenant has not sent yet; 0 once it has caught up.
 */
export const ServiceOutbox = z.looseObject({
  service: text,
  tenant: text,
  pending: count,
  /** When the oldest unsent row was written (ms since the epoch), null when none waits. */
  oldest_pending_at: maybeCount,
  last_error: maybeText,
  /** Tries of the oldest unsent message so far. */
  attempts: count.default(0),
  /** Why messages wait (`sending`, `send_failed`), with a sentence; null when none does. */
  waiting: Waiting.nullable().default(null),
});
export type ServiceOutbox = z.infer<typeof ServiceOutbox>;
