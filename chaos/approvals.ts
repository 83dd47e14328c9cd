import type { ChaosClient } from "./client";
import { readRuns } from "./reads";

/** The workflow's step at which a run waits for a person. */
export const APPROVAL_STEP = "wait for approval";

/** Approves every run of the tenant that waits for approval; returns how many. */
export async function approveWaiting(client: ChaosClient, tenant: string): Promise<number> {
  const waiting = (await readRuns(client, tenant)).filter(
    (r) => r.step === APPROVAL_STEP && !["complete", "errored", "terminated"].includes(r.status),
  );
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
  return approved;
}
