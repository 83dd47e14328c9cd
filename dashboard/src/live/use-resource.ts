import { useCallback, useEffect, useState } from "react";
import { type Problem, toProblem } from "../problem";

export type Resource<T> = {
  /** The last successful read; kept while a newer read is on its way or failed. */
  data: T | undefined;
  /** The last read's problem; cleared by the next success. */
  problem: Problem | null;
  /** True until the first read settles. */
  loading: boolean;
  reload: () => void;
};

/**
 * Reads something over HTTP, and reads it again whenever one of `triggers` changes
 * (a version or counter the agent pushed) or `reload` is called: push-triggered, never
 * a polling loop. A newer read aborts an older one, so a slow answer never overwrites
 * a fresher one. `load` must be stable for the same inputs (useCallback).
 */
export function useResource<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  triggers: readonly unknown[] = [],
): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [settled, setSettled] = useState(false);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the triggers and reloads are what start a new read; they are not inputs of it.
  useEffect(() => {
    if (load === null) return;
    const abort = new AbortController();
    load(abort.signal).then(
      (value) => {
        if (abort.signal.aborted) return;
        setData(value);
        setProblem(null);
        setSettled(true);
      },
      (error: unknown) => {
        // A newer read replaced this one; its result no longer matters.
        if (abort.signal.aborted) return;
        setProblem(toProblem(error));
        setSettled(true);
      },
    );
    return () => abort.abort();
  }, [load, reloads, ...triggers]);

  // A new `load` (another tenant, another filter) starts over: what was read no longer applies.
  const [shownFor, setShownFor] = useState({ load });
  if (shownFor.load !== load) {
    setShownFor({ load });
    setData(undefined);
    setProblem(null);
    setSettled(false);
  }

  return { data, problem, loading: load !== null && !settled, reload };
}
