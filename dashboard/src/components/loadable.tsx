import type { ReactNode } from "react";
import type { Problem } from "../problem";
import { ProblemMessage } from "./problem-message";

type Props<T> = {
  /** What is being read, for the loading line: "dead letters". */
  what: string;
  data: T | undefined;
  problem: Problem | null;
  loading: boolean;
  onRetry?: () => void;
  /** Whether the data counts as empty (then `empty` shows instead of `children`). */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/**
 * The four states of anything read over HTTP: loading, failed (with a retry), empty,
 * and there. A failed re-read keeps what was shown and puts the problem above it.
 */
export function Loadable<T>({
  what,
  data,
  problem,
  loading,
  onRetry,
  isEmpty,
  empty,
  children,
}: Props<T>) {
  return (
    <div className="loadable" aria-busy={loading}>
      {problem ? (
        <div className="list-problem">
          <ProblemMessage problem={problem} />
          {onRetry ? (
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}
      {loading && data === undefined ? <p className="muted loading">Loading {what}…</p> : null}
      {data !== undefined ? (
        isEmpty?.(data) ? (
          <div className="empty">{empty ?? `No ${what} yet.`}</div>
        ) : (
          children(data)
        )
      ) : null}
    </div>
  );
}
