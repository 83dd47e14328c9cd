import { exports } from "cloudflare:workers";
import type { TenantState } from "../../events/tenant-state";
import { mintToken } from "./auth";

/**
 * A dashboard watching a tenant's agent over its WebSocket, as the browser does (token
 * in the query). `stateWhere` resolves with the first pushed state that matches, or
 * rejects after `timeoutMs` with the last state seen (the timeout only bounds a failure).
 */
export async function watch(tenant: string) {
  const token = await mintToken({ role: "operator" });
  const response = await exports.default.fetch(
    new Request(`http://switchboard.test/agents/tenant-agent/${tenant}?token=${token}`, {
      headers: { upgrade: "websocket" },
    }),
  );
  const socket = response.webSocket;
  if (!socket) throw new Error(`no WebSocket: ${response.status}`);
  socket.accept();
  const states: TenantState[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    const data = JSON.parse(String(event.data)) as { type?: string; state?: TenantState };
    if (data.type === "cf_agent_state" && data.state) {
      states.push(data.state);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  return {
    async stateWhere(accept: (s: TenantState) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = states.find(accept);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no such state pushed; last: ${JSON.stringify(states.at(-1))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left);
        });
      }
    },
    close: () => socket.close(1000, "test done"),
  };
}
