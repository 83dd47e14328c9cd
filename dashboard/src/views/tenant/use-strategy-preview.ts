import { useEffect, useState } from "react";
import type { StrategyInput } from "../../../../events/strategy";
import type { StrategyPreview } from "../../api/schemas";
import { previewStrategy } from "../../api/tenants";
import { type Problem, toProblem } from "../../problem";

/** How long the form must rest before its draft is previewed: typing sends nothing. */
export const PREVIEW_DEBOUNCE_MS = 300;

export type PreviewState = {
  /** The last preview that came back; kept while a newer one is on its way or failed. */
  data: StrategyPreview | undefined;
  problem: Problem | null;
  /** True while a preview of the current draft is waited for (or about to be asked). */
  pending: boolean;
};

/**
 * Asks the tenant's agent what `draft` would keep and drop (`POST …/strategy/preview`)
 * once the form rests for `PREVIEW_DEBOUNCE_MS`, and again when one of `triggers` (a
 * version, a decision count the agent pushed) changes. Any change aborts the request on
 * its way, so an older answer never replaces a newer one. A null draft (one that does
 * not pass the form's checks) asks nothing and keeps what is shown.
 */
export function useStrategyPreview(
  tenantId: string,
  draft: StrategyInput | null,
  days: number,
  triggers: readonly unknown[] = [],
): PreviewState {
  const [data, setData] = useState<StrategyPreview | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(draft !== null);
  // The draft by value: a new object with the same fields is the same draft.
  const key = draft === null ? null : JSON.stringify(draft);

  // The triggers are dependencies only to start a new preview; they are not inputs of it.
  useEffect(() => {
    if (key === null) {
      setPending(false);
      return;
    }
    setPending(true);
    const abort = new AbortController();
    const timer = setTimeout(() => {
      previewStrategy(tenantId, JSON.parse(key) as StrategyInput, days, {
        signal: abort.signal,
      }).then(
        (preview) => {
          if (abort.signal.aborted) return;
          setData(preview);
          setProblem(null);
          setPending(false);
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          setProblem(toProblem(error));
          setPending(false);
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [tenantId, key, days, ...triggers]);

  return { data, problem, pending };
}
