import { z } from "zod";
import { count, maybeText, text } from "./fields";
import { Run } from "./runs";

/**
 * The statuses a search of runs takes: the ones the run list shows, and "waiting for
 * approval" (a run not finished whose current step is the approval step).
 */
export const RUN_STATUSES = [
  "requested",
  "started",
  "queued",
  "running",
  "waiting",
  "paused",
  "waitingForPause",
  "complete",
  "errored",
  "terminated",
  "waiting for approval",
] as const;

/** A run as a search across tenants answers it: the tenant's run, with its tenant. */
export const TenantRun = Run.extend({ tenant_id: text });
export type TenantRun = z.infer<typeof TenantRun>;

/**
 * `GET /api/runs`: runs across tenants (or one), newest first, a page at a time;
 * `next_cursor` is the next (older) page's `cursor`, null on the last page.
 */
export const RunPage = z.object({ runs: z.array(TenantRun), next_cursor: maybeText });
export type RunPage = z.infer<typeof RunPage>;

/** What a bulk action does to each run. */
export const BULK_ACTIONS = ["approve", "reject", "cancel", "retry"] as const;

/** What became of one run of a bulk action, or would (a preview). */
export const BulkItem = z.looseObject({
  tenant_id: text,
  run_id: text,
  /** The run's status when reached ("waiting for approval" at the approval step). */
  status_before: text,
  /** `acted`; `would act` in a preview; `refused` with the reason in `detail`. */
  outcome: z.enum(["acted", "would act", "refused"]),
  /** The run's status after the action; only when it acted. */
  status_after: text.optional(),
  /** The new run a retry started. */
  new_run_id: text.optional(),
  detail: text,
});
export type BulkItem = z.infer<typeof BulkItem>;

/**
 * `POST /api/runs/bulk`: per run what became of it, the totals, and whether more runs
 * matched than `limit` took (`truncated`; `next_cursor` goes on from the last one).
 */
export const BulkResult = z.object({
  action: z.enum(BULK_ACTIONS),
  preview: z.boolean(),
  items: z.array(BulkItem),
  totals: z.object({ matched: count, acted: count, would_act: count, refused: count }),
  truncated: z.boolean(),
  next_cursor: maybeText,
});
export type BulkResult = z.infer<typeof BulkResult>;

/** The kinds of id a lookup resolves. */
export const LOOKUP_KINDS = ["event", "correlation", "run", "content", "letter", "page"] as const;

/**
 * `GET /api/lookup/:id`: what the id is, its tenant (null for a letter of no tenant) and
 * its chain, with the trace's address (null when it is in no chain).
 */
export const LookupResult = z.object({
  id: text,
  kind: z.enum(LOOKUP_KINDS),
  tenant_id: maybeText,
  correlation_id: maybeText,
  trace_url: maybeText,
});
export type LookupResult = z.infer<typeof LookupResult>;
