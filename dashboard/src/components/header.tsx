import type { ConnectionStatus } from "../use-live-agent";
import { ConnectionIndicator } from "./connection-indicator";

export function Header({ opsStatus }: { opsStatus: ConnectionStatus }) {
  return (
    <header className="app-header">
      <h1>Switchboard</h1>
      <ConnectionIndicator status={opsStatus} label="Live updates" announce />
    </header>
  );
}
