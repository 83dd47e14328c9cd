import { createContext, type ReactNode, useContext } from "react";
import type { OpsState } from "../../../events/ops-state";
import type { TenantState } from "../../../events/tenant-state";
import { type LiveAgent, useLiveAgent } from "./use-live-agent";

/**
 * One WebSocket per agent per page, shared by every view that needs it: the operator's
 * OpsAgent connection (opened by the shell) and the tenant agent of the tenant being
 * looked at. Views read the pushed state from here and re-read HTTP lists when a
 * version or counter in it changes.
 */
const OpsLive = createContext<LiveAgent<OpsState> | null>(null);
const TenantLive = createContext<{ tenantId: string; live: LiveAgent<TenantState> } | null>(null);

export function OpsLiveProvider({ children }: { children: ReactNode }) {
  const live = useLiveAgent<OpsState>("ops-agent", "main");
  return <OpsLive.Provider value={live}>{children}</OpsLive.Provider>;
}

/** The OpsAgent's live state; null outside the operator's pages. */
export function useOpsLive(): LiveAgent<OpsState> | null {
  return useContext(OpsLive);
}

function TenantConnection({ tenantId, children }: { tenantId: string; children: ReactNode }) {
  const live = useLiveAgent<TenantState>("tenant-agent", tenantId);
  return <TenantLive.Provider value={{ tenantId, live }}>{children}</TenantLive.Provider>;
}

/**
 * Connects to a tenant's agent for the views inside, unless a provider further up is
 * already connected to the same tenant (a tenant's own pages share the shell's).
 * Keyed by tenant: another tenant gets a fresh connection.
 */
export function TenantLiveProvider({
  tenantId,
  children,
}: {
  tenantId: string;
  children: ReactNode;
}) {
  const outer = useContext(TenantLive);
  if (outer?.tenantId === tenantId) return <>{children}</>;
  return (
    <TenantConnection key={tenantId} tenantId={tenantId}>
      {children}
    </TenantConnection>
  );
}

/** The live state of the tenant the page is about; null outside a TenantLiveProvider. */
export function useTenantLive(): LiveAgent<TenantState> | null {
  return useContext(TenantLive)?.live ?? null;
}
