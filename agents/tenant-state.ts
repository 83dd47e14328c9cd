/**
 * The TenantAgent's state: a small view model synced to every WebSocket client.
 * History lives in the agent's tables, never here (setState broadcasts all of it).
 */
export type TenantState = {
  tenant_id: string;
  /** Events applied once (first delivery of each event_id). */
  applied: number;
  /** Deliveries skipped because the event_id was already processed. */
  duplicates: number;
  last_event: LastEvent | null;
};

export type LastEvent = {
  event_id: string;
  type: string;
  timestamp: string;
  applied_at: string;
};

export const initialTenantState: TenantState = {
  tenant_id: "",
  applied: 0,
  duplicates: 0,
  last_event: null,
};
