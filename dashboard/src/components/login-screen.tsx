import { type FormEvent, useId, useState } from "react";
import { signIn } from "../auth";

/**
 * Asks for a bearer token: shown when none is stored, or the API refused the last one
 * (`notice` says why). `npm start` prints login links; `npm run token` makes tokens.
 */
export function LoginScreen({ notice }: { notice: string | null }) {
  const headingId = useId();
  const inputId = useId();
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(signIn(token));
  }

  const message = problem ?? notice;
  return (
    <main className="login" aria-labelledby={headingId}>
      <h1 id={headingId}>Switchboard</h1>
      <p>Log in with a bearer token: an operator's sees every tenant, a tenant's its own.</p>
      <form onSubmit={onSubmit} noValidate data-testid="login-form">
        <div className="field">
          <label htmlFor={inputId}>Token</label>
          <textarea
            id={inputId}
            name="token"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            rows={4}
            required
            autoComplete="off"
            spellCheck={false}
            aria-invalid={message !== null}
            aria-describedby={`${inputId}-hint`}
          />
          <small id={`${inputId}-hint`} className="hint">
            <code>npm run token -- --role operator</code> (or{" "}
            <code>--role tenant --tenant &lt;id&gt;</code>) prints one; <code>npm start</code>{" "}
            prints login links.
          </small>
        </div>
        <button type="submit">Log in</button>
        {message ? (
          <p className="problem" role="alert">
            {message}
          </p>
        ) : null}
      </form>
    </main>
  );
}
