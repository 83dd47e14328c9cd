import type { ChaosClient } from "./client";
import { readRuns } from "./reads";

/** The workflow's step at which a run waits for a person. */
export const APPROVAL_STEP = "wait for approval";

/** A run that stood at the approval step, and what the runs list said of its wait. */
export type WaitSeen = { tenant: string; run_id: string; reason: string | null; text: string };

/**
 * Approves every run of the tenant that waits for approval; returns how many, and
 * what the list said each waited for before it was approved (the audit holds every
 * such run to say `approval`, with a sentence).
 */
export async function approveWaiting(
  client: ChaosClient,
  tenant: string,
): Promise<{ approved: number; seen: WaitSeen[] }> {
  const waiting = (await readRuns(client, tenant)).filter(
    (r) => r.step === APPROVAL_STEP && !["complete", "errored", "terminated"].includes(r.status),
  );
  const seen = waiting.map((run) => ({
    tenant,
    run_id: run.run_id,
    reason: run.waiting?.reason ?? null,
    text: run.waiting?.text ?? "",
  }));
  let approved = 0;
  for (const run of waiting) {
    try {
      await client.send("POST", `/api/tenants/${tenant}/runs/${run.run_id}/approve`, {
        reason: "approved by the chaos driver",
      });
      approved++;
    } catch (error) {
      // 409: it moved on meanwhile (approved already, or ended); the next round looks again.
      if (!String(error).includes(": 409 ")) throw error;
    }
  }
  return { approved, seen };
}
