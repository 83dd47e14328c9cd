import { useEffect, useRef, useState } from "react";
import type { TenantSummary } from "../../../events/ops-state";
import { listEvents } from "../api/tenants";
import { mergeEvents, type StreamEvent, tenantsWithNewEvents } from "../lib/event-stream";
import { type Problem, toProblem } from "../problem";

/** Tenants read per round: the busiest first; the others follow in the next rounds. */
const TENANTS_PER_ROUND = 10;

export type EventStream = {
  events: StreamEvent[];
  problem: Problem | null;
  /** True until the first round has been read. */
  loading: boolean;
  /** While paused: how many tenants have events the stream has not shown yet. */
  waiting: number;
};

/**
 * The events the tenants' agents apply, as one stream. Push-triggered: `tenants` is the
 * tenant list re-read on each summaries version the OpsAgent pushes, and only tenants
 * whose applied counter moved are read again (their event log, newest first). Paused,
 * it reads nothing and counts the tenants waiting; resumed, it catches up.
 */
export function useEventStream(
  tenants: readonly TenantSummary[] | undefined,
  filter: { tenant: string | null; type: string | null },
  paused: boolean,
): EventStream {
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const seen = useRef(new Map<string, number>());
  const key = `${filter.tenant ?? ""}|${filter.type ?? ""}`;

  // A new filter starts a new stream.
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setEvents([]);
    setLoading(true);
    seen.current = new Map();
  }

  const due = tenants
    ? tenantsWithNewEvents(tenants, seen.current, filter.tenant, TENANTS_PER_ROUND)
    : [];
  const dueKey = due.map((t) => `${t.id}:${t.summary?.applied}`).join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: dueKey names exactly the reads to make.
  useEffect(() => {
    if (paused || tenants === undefined) return;
    if (due.length === 0) {
      setLoading(false);
      return;
    }
    const abort = new AbortController();
    Promise.all(
      due.map(async (t) => {
        const list = await listEvents(
          { tenant: t.id, type: filter.type ?? undefined, limit: 50 },
          { signal: abort.signal },
        );
        return { tenant: t, list };
      }),
    ).then(
      (results) => {
        if (abort.signal.aborted) return;
        for (const { tenant } of results) seen.current.set(tenant.id, tenant.summary?.applied ?? 0);
        const incoming = results.flatMap(({ tenant, list }) =>
          list.map((e) => ({ ...e, tenant_id: tenant.id })),
        );
        setEvents((shown) => mergeEvents(shown, incoming));
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setProblem(toProblem(error));
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [dueKey, paused, key, tenants === undefined]);

  return { events, problem, loading, waiting: paused ? due.length : 0 };
}
