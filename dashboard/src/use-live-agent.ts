import { useAgent } from "agents/react";
import { useState } from "react";
import { socketQuery } from "./auth";

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
 */
export function useLiveAgent<State>(agent: string, name: string): LiveAgent<State> {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const connection = useAgent<State>({
    agent,
    name,
    ...(socketQuery ? { query: socketQuery } : {}),
    onOpen: () => setStatus("connected"),
    onClose: () => setStatus((s) => (s === "connecting" ? "connecting" : "reconnecting")),
  });
  return {
    state: connection.state,
    status: connection.connectionError ? "closed" : status,
  };
}
