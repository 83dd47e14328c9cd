import { signOut, type TokenClaims } from "../auth";
import { ConnectionIndicator } from "../components/connection-indicator";
import { LookupBox } from "../components/lookup-box";
import type { LiveAgent } from "../live/use-live-agent";

/** Who is logged in, in words. */
function whoIs(claims: TokenClaims): string {
  return claims.role === "tenant" ? `tenant ${claims.tenant}` : claims.role;
}

export function Header({
  live,
  claims,
}: {
  /** The page's main live connection; none for a page without one. */
  live?: Pick<LiveAgent<unknown>, "status" | "retries"> | null;
  claims: TokenClaims;
}) {
  return (
    <header className="app-header">
      <h1>Switchboard</h1>
      <LookupBox tenant={claims.role === "tenant" ? claims.tenant : undefined} />
      <div className="session">
        {live ? (
          <ConnectionIndicator
            status={live.status}
            retries={live.retries}
            label="Live updates"
            announce
          />
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
