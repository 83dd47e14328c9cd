import { useSession } from "./auth";
import { LoginScreen } from "./components/login-screen";
import { Header } from "./shell/header";
import { OperatorShell, TenantShell } from "./shell/shell";

/** The login screen, or the dashboard the token's role may see. */
export function App() {
  const session = useSession();
  if (session.status === "signed-out") return <LoginScreen notice={session.notice} />;
  // Keyed by token: logging in again starts every connection afresh with the new token.
  const { claims, token } = session;
  if (claims.role === "operator") return <OperatorShell key={token} claims={claims} />;
  if (claims.role === "tenant" && claims.tenant) {
    return <TenantShell key={token} claims={claims} tenantId={claims.tenant} />;
  }
  return (
    <>
      <Header claims={claims} />
      <main id="main" className="app-main">
        <p className="empty">
          A service token can send events but not watch them. Log out and log in with an operator or
          tenant token to see the dashboard.
        </p>
      </main>
    </>
  );
}
