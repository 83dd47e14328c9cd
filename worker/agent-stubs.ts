import { getAgentByName } from "agents";
import { OPS_AGENT_NAME } from "../agents/ops-state";

export function opsAgent(env: Env) {
  return getAgentByName(env.OPS_AGENT, OPS_AGENT_NAME);
}

/** The tenant's own agent, named by tenant id (so workflow callbacks can find it). */
export function tenantAgent(env: Env, tenantId: string) {
  return getAgentByName(env.TENANT_AGENT, tenantId);
}
