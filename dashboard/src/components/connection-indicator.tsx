import type { ConnectionStatus } from "../live/use-live-agent";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "connecting",
  connected: "connected",
  reconnecting: "reconnecting",
  closed: "disconnected",
};

type Props = {
  status: ConnectionStatus;
  /** Tries since the connection dropped, shown while reconnecting. */
  retries?: number;
  /** What is connected, for screen readers ("Live updates"). */
  label: string;
  /** Announce changes as they happen; keep to one indicator per page. */
  announce?: boolean;
};

/** A dot and a word for a live connection. */
export function ConnectionIndicator({ status, retries = 0, label, announce = false }: Props) {
  const word =
    status === "reconnecting" && retries > 1
      ? `${LABELS[status]} (try ${retries})`
      : LABELS[status];
  return (
    <span
      className="connection"
      data-status={status}
      data-testid="connection-status"
      {...(announce ? { role: "status" } : {})}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>
        <span className="visually-hidden">{label}: </span>
        {word}
      </span>
    </span>
  );
}
