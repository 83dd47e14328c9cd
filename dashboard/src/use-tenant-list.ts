import { useCallback, useEffect, useState } from "react";
import type { TenantSummary } from "../../agents/ops-state";
import { listTenants } from "./api";
import { type Problem, toProblem } from "./problem";

export type TenantList = {
  /** null until the first successful load. */
  tenants: TenantSummary[] | null;
  /** The last load's problem; cleared by the next success. */
  problem: Problem | null;
  reload: () => void;
};

/**
 * The tenant registry over HTTP, read again whenever `version` changes (the OpsAgent's
 * `tenants_version`, pushed live) or `reload` is called. No polling. `load` replaces the
 * read (a tenant's view reads only its own tenant); keep it stable (useCallback).
 */
export function useTenantList(
  version: number | undefined,
  load: (signal: AbortSignal) => Promise<TenantSummary[]> = listTenants,
): TenantList {
  const [tenants, setTenants] = useState<TenantSummary[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version and reloads are the triggers to read again, not inputs.
  useEffect(() => {
    const abort = new AbortController();
    load(abort.signal).then(
      (list) => {
        if (abort.signal.aborted) return;
        setTenants([...list].sort((a, b) => a.id.localeCompare(b.id)));
        setProblem(null);
      },
      (error: unknown) => {
        // A newer read replaced this one; its result no longer matters.
        if (abort.signal.aborted) return;
        setProblem(toProblem(error));
      },
    );
    return () => abort.abort();
  }, [version, reloads, load]);

  return { tenants, problem, reload };
}
