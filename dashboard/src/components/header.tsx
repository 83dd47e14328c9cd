import { signOut, type TokenClaims } from "../auth";
import type { ConnectionStatus } from "../use-live-agent";
import { ConnectionIndicator } from "./connection-indicator";

/** Who is logged in, in words. */
function whoIs(claims: TokenClaims): string {
  return claims.role === "tenant" ? `tenant ${claims.tenant}` : claims.role;
}

export function Header({
  liveStatus,
  claims,
}: {
  /** The page's main live connection; none for a page without one. */
  liveStatus?: ConnectionStatus;
  claims: TokenClaims;
}) {
  return (
    <header className="app-header">
      <h1>Switchboard</h1>
      <div className="session">
        {liveStatus ? (
          <ConnectionIndicator status={liveStatus} label="Live updates" announce />
        ) : null}
        <span className="who" data-testid="signed-in-as">
          {whoIs(claims)}
        </span>
        <button type="button" className="quiet" onClick={() => signOut()}>
          Log out
        </button>
      </div>
    </header>
  );
}
