import { type FormEvent, useId, useState } from "react";
import { lookupId } from "../api/run-search";
import type { LookupResult } from "../api/schemas";
import { toProblem } from "../problem";
import { navigate } from "../router/router";

/** The console's address of the trace a lookup found, or null when it is in no chain. */
export function traceAddress(found: Pick<LookupResult, "correlation_id" | "tenant_id">) {
  const { correlation_id, tenant_id } = found;
  return correlation_id && tenant_id
    ? `/trace/${encodeURIComponent(correlation_id)}?tenant=${encodeURIComponent(tenant_id)}`
    : null;
}

/** What a lookup found, in words, when there is no trace to open. */
export function describeFound(found: LookupResult): string {
  const where = found.tenant_id ? ` of tenant ${found.tenant_id}` : "";
  return `${found.id} is a ${found.kind === "letter" ? "dead letter" : found.kind}${where}, in no chain.`;
}

/**
 * In the header: paste any id (event, correlation, run, content, dead letter) or a page's
 * address and open its trace; a tenant looks in its own tenant only. What is not found
 * says so, with the API's reason.
 */
export function LookupBox({ tenant }: { tenant?: string | undefined }) {
  const inputId = useId();
  const [value, setValue] = useState("");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = value.trim();
    if (!id) return;
    setPending(true);
    setMessage(null);
    try {
      const found = await lookupId(id, tenant);
      const to = traceAddress(found);
      if (to) {
        setValue("");
        navigate(to);
      } else setMessage(describeFound(found));
    } catch (error) {
      const problem = toProblem(error);
      setMessage(
        problem.status === 404
          ? `Not found: ${problem.detail ?? id}`
          : (problem.detail ?? problem.title),
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <search className="lookup-box" aria-label="Look up an id">
      <form onSubmit={onSubmit} className="inline-form">
        <label htmlFor={inputId} className="visually-hidden">
          Any id or page URL
        </label>
        <input
          id={inputId}
          type="search"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="Any id or page URL"
          spellCheck={false}
          autoComplete="off"
          data-testid="lookup-input"
        />
        <button type="submit" className="secondary" disabled={pending} data-testid="lookup-open">
          {pending ? "…" : "Open"}
        </button>
      </form>
      {message ? (
        <p role="alert" className="lookup-message" data-testid="lookup-message">
          {message}
        </p>
      ) : null}
    </search>
  );
}
