import { useAgent } from "agents/react";
import { useMemo, useState } from "react";
import { useSession } from "../auth";

/** How a live agent connection is doing, as the header and cards show it. */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

export type LiveAgent<State> = {
  /** The agent's state as last pushed; undefined until the first push. */
  state: State | undefined;
  status: ConnectionStatus;
  /** Tries since the connection was last open (0 while it is open). */
  retries: number;
};

/**
 * Reconnection backoff: the first retry after about a second (with jitter, so many
 * pages do not come back at the same instant), each next one 1.6 times later, at
 * most 15 s apart, for ever.
 */
export const RECONNECT = {
  minReconnectionDelay: 1_000,
  maxReconnectionDelay: 15_000,
  reconnectionDelayGrowFactor: 1.6,
} as const;

/**
 * A WebSocket to one agent instance (`/agents/<agent>/<name>`) whose state arrives live.
 * The socket (partysocket, under `useAgent`) reconnects by itself with backoff; the
 * agent sends its whole state on every connect. The token rides in the `token` query
 * parameter: browsers cannot set headers on a WebSocket upgrade, and the Worker checks
 * it before the agent sees the connection.
 */
export function useLiveAgent<State>(agent: string, name: string): LiveAgent<State> {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [retries, setRetries] = useState(0);
  const session = useSession();
  const token = session.status === "signed-in" ? session.token : null;
  // A stable object per token, so the hook does not reconnect on every render.
  const query = useMemo(() => (token === null ? undefined : { token }), [token]);
  // Jitter fixed per connection, so re-renders do not change the options.
  const minDelay = useMemo(() => RECONNECT.minReconnectionDelay * (0.75 + Math.random() / 2), []);
  const connection = useAgent<State>({
    agent,
    name,
    ...(query ? { query } : {}),
    ...RECONNECT,
    minReconnectionDelay: minDelay,
    onOpen: () => {
      setStatus("connected");
      setRetries(0);
    },
    onClose: () => {
      setStatus((s) => (s === "connecting" ? "connecting" : "reconnecting"));
      setRetries((n) => n + 1);
    },
  });
  return {
    state: connection.state,
    status: connection.connectionError ? "closed" : status,
    retries: status === "connected" ? 0 : retries,
  };
}
