import type { ChaosClient } from "./client";

/** A fault as `PUT /api/services/:service/faults` takes it. */
export type Fault = {
  service: "research" | "publisher" | "social" | "analytics";
  fail_rate: number;
  permanent?: boolean;
  latency_ms?: number;
  tenant?: string;
};

/**
 * The faults of a run: every service but the publisher fails 20 % of its commands
 * transiently (retried with backoff until they succeed), and the publisher fails half
 * of one tenant's commands permanently (dead-lettered at once with the reason).
 */
export function chaosFaults(permanentTenant: string): Fault[] {
  return [
    { service: "research", fail_rate: 0.2 },
    { service: "social", fail_rate: 0.2 },
    { service: "analytics", fail_rate: 0.2 },
    { service: "publisher", fail_rate: 0.5, permanent: true, tenant: permanentTenant },
  ];
}

/** Injects the faults through the faults API; they hold until cleared (and across a restart). */
export async function injectFaults(client: ChaosClient, faults: readonly Fault[]): Promise<void> {
  for (const { service, ...fault } of faults) {
    await client.send("PUT", `/api/services/${service}/faults`, fault);
  }
}
