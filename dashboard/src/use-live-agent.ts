import { useAgent } from "agents/react";
import { useMemo, useState } from "react";
import { useSession } from "./auth";

/** How a live agent connection is doing, as the header and cards show it. */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

export type LiveAgent<State> = {
  /** The agent's state as last pushed; undefined until the first push. */
  state: State | undefined;
  status: ConnectionStatus;
};

/**
 * A WebSocket to one agent instance (`/agents/<agent>/<name>`) whose state arrives live.
 * The socket reconnects by itself; the agent sends its whole state on every connect.
 * The token rides in the `token` query parameter: browsers cannot set headers on a
 * WebSocket upgrade, and the Worker checks it before the agent sees the connection.
 */
export function useLiveAgent<State>(agent: string, name: string): LiveAgent<State> {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const session = useSession();
  const token = session.status === "signed-in" ? session.token : null;
  // A stable object per token, so the hook does not reconnect on every render.
  const query = useMemo(() => (token === null ? undefined : { token }), [token]);
  const connection = useAgent<State>({
    agent,
    name,
    ...(query ? { query } : {}),
    onOpen: () => setStatus("connected"),
    onClose: () => setStatus((s) => (s === "connecting" ? "connecting" : "reconnecting")),
  });
  return {
    state: connection.state,
    status: connection.connectionError ? "closed" : status,
  };
}
