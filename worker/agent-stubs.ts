import { OPS_AGENT_NAME } from "../events/ops-state";

/**
 * Stubs of the platform's agents, addressed by name with the runtime's own `getByName`:
 * a call through one is a single RPC. (The SDK's `getAgentByName` first makes a second
 * round trip to initialise the agent's name; the runtime gives every object addressed by
 * name its `ctx.id.name`, which the SDK reads, so that trip buys nothing here.)
 */
export function opsAgent(env: Env) {
  return env.OPS_AGENT.getByName(OPS_AGENT_NAME);
}

/** The tenant's own agent, named by tenant id (so workflow callbacks can find it). */
export function tenantAgent(env: Env, tenantId: string) {
  return env.TENANT_AGENT.getByName(tenantId);
}
