import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import type { ContentRunParams } from "../../workflows/content-workflow";

/**
 * Starts a content run from the tenant's agent, as a cycle would, with the given run
 * id; returns the id. The agent tracks the run, so approve/reject/cancel reach it.
 */
export async function startContentRun(
  tenant: string,
  runId: string,
  params: Partial<ContentRunParams> = {},
): Promise<string> {
  const stub = await getAgentByName(env.TENANT_AGENT, tenant);
  return runInDurableObject(stub, (agent) =>
    agent.runWorkflow(
      "CONTENT_WORKFLOW",
      { tenant_id: tenant, keyword: "budget apps for students", ...params },
      { id: runId },
    ),
  );
}

/** A run id no other test uses, prefixed with the tenant as the agents do. */
export function uniqueRunId(tenant: string): string {
  return `${tenant}-run-${crypto.randomUUID().slice(0, 8)}`;
}
