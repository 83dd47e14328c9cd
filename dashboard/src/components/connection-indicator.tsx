import type { ConnectionStatus } from "../use-live-agent";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "connecting",
  connected: "connected",
  reconnecting: "reconnecting",
  closed: "disconnected",
};

type Props = {
  status: ConnectionStatus;
  /** What is connected, for screen readers ("Live updates"). */
  label: string;
  /** Announce changes as they happen; keep to one indicator per page. */
  announce?: boolean;
};

/** A dot and a word for a live connection. */
export function ConnectionIndicator({ status, label, announce = false }: Props) {
  return (
    <span className="connection" data-status={status} {...(announce ? { role: "status" } : {})}>
      <span className="connection-dot" aria-hidden="true" />
      <span>
        <span className="visually-hidden">{label}: </span>
        {LABELS[status]}
      </span>
    </span>
  );
}
