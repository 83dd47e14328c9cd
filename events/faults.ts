import { z } from "zod";
import { TenantId } from "./envelope";

/**
 * An injected fault: how a service misbehaves until the fault is cleared. Each command
 * fails with probability `fail_rate` — permanently (dead-lettered at once) or
 * transiently (retried with backoff) — and each call to the service first waits
 * `latency_ms`. With `tenant` only that tenant's commands are affected.
 */
export const FaultInput = z.strictObject({
  fail_rate: z.number().min(0).max(1),
  permanent: z.boolean().default(false),
  latency_ms: z.number().int().min(0).max(30_000).default(0),
  tenant: TenantId.nullable().default(null),
});
export type FaultInput = z.input<typeof FaultInput>;
export type Fault = z.output<typeof FaultInput>;

/** A service's current fault, as stored and shown. */
export type FaultState = { service: string; fault: Fault; updated_at: string };

/** What an injected fault does to one command. */
export type FaultEffect = "none" | "transient" | "permanent";

/** Whether the fault touches this tenant's commands at all. */
export function faultApplies(fault: Fault | null, tenantId: string): fault is Fault {
  return fault !== null && (fault.tenant === null || fault.tenant === tenantId);
}

/** Rolls the fault for one command; `random` is injected so tests can fix the roll. */
export function rollFault(
  fault: Fault | null,
  tenantId: string,
  random: () => number,
): FaultEffect {
  if (!faultApplies(fault, tenantId) || fault.fail_rate === 0) return "none";
  if (random() >= fault.fail_rate) return "none";
  return fault.permanent ? "permanent" : "transient";
}
