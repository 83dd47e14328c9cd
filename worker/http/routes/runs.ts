import { Hono } from "hono";
import { z } from "zod";
import type { RunSearchFilter } from "../../../agents/tenant/run-search";
import type { RunView } from "../../../agents/tenant/run-view";
import { BULK_ACTIONS, RUN_STATUSES, TenantId } from "../../../events";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { badRequest, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent, tenantAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { cursorParam, encodeCursor } from "../cursor";
import { askTenants } from "../tenant-fan-out";

/** At most this many runs in one page of the search, and in one bulk action. */
const MAX_PAGE = 200;

/** An ISO time with an offset, in the form runs are stored with (so they compare). */
const StoreTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/** What narrows a search, or a bulk action's choice of runs, alike. */
const filterFields = {
  tenant: TenantId.optional(),
  /** A run status, or "waiting for approval" (at the approval step, not finished). */
  status: z.enum(RUN_STATUSES).optional(),
  /** The run's current step, exactly ("draft", "wait for approval", …). */
  step: z.string().min(1).max(128).optional(),
  /** A piece of the keyword, the run id or the content id, any case. */
  q: z.string().min(1).max(200).optional(),
  correlation_id: z.string().min(1).max(128).optional(),
  /** Asked for at or after. */
  since: StoreTime.optional(),
  /** Asked for before. */
  until: StoreTime.optional(),
};

function timesInOrder(filter: { since?: string; until?: string }, ctx: z.RefinementCtx): void {
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    ctx.addIssue({ code: "custom", path: ["until"], message: "until must be later than since" });
  }
}

/** A page's end as its cursor says it: the last run's time asked for, id and tenant. */
const Position = z
  .tuple([z.iso.datetime(), z.string().min(1).max(200), TenantId])
  .transform(([requested_at, run_id, tenant_id]) => ({ requested_at, run_id, tenant_id }));
export type RunCursor = z.output<typeof Position>;

export const RunCursorParam = cursorParam(Position);

export const RunSearchQuery = z
  .object({
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    /** The previous page's `next_cursor`. */
    cursor: RunCursorParam.optional(),
  })
  .superRefine(timesInOrder);

export type RunSearch = Omit<z.output<typeof RunSearchQuery>, "limit" | "cursor">;

export const BulkBody = z.strictObject({
  action: z.enum(BULK_ACTIONS),
  filter: z.strictObject(filterFields).superRefine(timesInOrder).default({}),
  /** Say per run whether the action would be taken, and change nothing. */
  preview: z.boolean().default(false),
  reason: z.string().trim().min(1).max(500).optional(),
  /** At most this many runs, newest first (default and most 200). */
  limit: z.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
  /** A `next_cursor` of the search or of an earlier bulk answer: go on from there. */
  cursor: RunCursorParam.optional(),
});

/** A run found by a search, with its tenant. */
export type FoundRun = RunView & { tenant_id: string };

/**
 * One page of runs across tenants (or the one `filter.tenant` names), newest first by
 * `(requested_at, run_id, tenant_id)`: each tenant's agent is asked, at most 16 at a
 * time, for its `limit + 1` newest matching runs below the cursor, the answers merged
 * and the newest `limit` kept. The one more says whether another page follows.
 */
export async function searchRunsAcross(
  env: Env,
  search: RunSearch,
  page: { limit: number; cursor?: RunCursor | undefined },
  /** Where the tenant was given, for the 400 that names it. */
  tenantField = "tenant",
): Promise<{ runs: FoundRun[]; next_cursor: string | null }> {
  const { tenant, ...filter } = search;
  const tenants =
    tenant === undefined ? await allTenants(env) : await oneTenant(env, tenant, tenantField);
  return searchRunsOf(env, tenants, filter, page);
}

/** The same page of these tenants' runs (registered ones: asking an agent creates it). */
export async function searchRunsOf(
  env: Env,
  tenants: readonly string[],
  filter: RunSearchFilter,
  page: { limit: number; cursor?: RunCursor | undefined },
): Promise<{ runs: FoundRun[]; next_cursor: string | null }> {
  const { cursor, limit } = page;
  const answers = await askTenants(tenants, async (id) => {
    const runs = await tenantAgent(env, id).searchRuns(filter, {
      limit: limit + 1,
      ...(cursor
        ? {
            before: {
              requested_at: cursor.requested_at,
              run_id: cursor.run_id,
              // Ties on (requested_at, run_id) are ordered by tenant, descending.
              inclusive: id < cursor.tenant_id,
            },
          }
        : {}),
    });
    return runs.map((run) => ({ ...run, tenant_id: id }));
  });
  const merged = answers.flatMap((runs) => runs ?? []).sort(newestFirst);
  const runs = merged.slice(0, limit);
  const last = runs.at(-1);
  return {
    runs,
    next_cursor:
      merged.length > limit && last
        ? encodeCursor([last.requested_at, last.run_id, last.tenant_id])
        : null,
  };
}

function newestFirst(a: FoundRun, b: FoundRun): number {
  return (
    compare(b.requested_at, a.requested_at) ||
    compare(b.run_id, a.run_id) ||
    compare(b.tenant_id, a.tenant_id)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every registered tenant's id (the OpsAgent's registry). */
async function allTenants(env: Env): Promise<string[]> {
  return (await opsAgent(env).listTenants()).map((t) => t.id);
}

/** The one tenant a filter names, if registered: asking an agent never creates one. */
async function oneTenant(env: Env, id: string, field: string): Promise<string[]> {
  if (await opsAgent(env).getTenant(id)) return [id];
  throw badRequest("The tenant is not registered.", [{ path: field, message: `no tenant ${id}` }]);
}

/**
 * `GET /api/runs` and `POST /api/runs/bulk` (operators): runs across tenants with
 * search, and one action on every run a search finds.
 */
export const runRoutes = new Hono<{ Bindings: Env }>()
  .get("/", access(OPERATOR), async (c) => {
    const { limit, cursor, ...search } = parseQuery(c, RunSearchQuery);
    return c.json(await searchRunsAcross(c.env, search, { limit, cursor }));
  })
  /**
   * Finds the runs as the search does and takes the action on each through the agent's
   * own single-run methods; `preview: true` changes nothing and says per run whether its
   * state allows the action. Per run: what it was, what became of it, and why not.
   */
  .post("/bulk", access(OPERATOR), async (c) => {
    const parsed = BulkBody.safeParse(await readJsonBody(c, 16 * 1024));
    if (!parsed.success) {
      throw unprocessable("The bulk request is not valid.", toFieldErrors(parsed.error));
    }
    const { action, filter, preview, reason, limit, cursor } = parsed.data;
    // A preview changes nothing: no line in the audit log. The action is named per verb.
    c.set("audit", preview ? { skip: true } : { action: `run.bulk.${action}` });
    const found = await searchRunsAcross(c.env, filter, { limit, cursor }, "filter.tenant");
    const byTenant = new Map<string, string[]>();
    for (const run of found.runs) {
      byTenant.set(run.tenant_id, [...(byTenant.get(run.tenant_id) ?? []), run.run_id]);
    }
    const tenants = [...byTenant.keys()];
    const answers = await askTenants(tenants, (id) =>
      tenantAgent(c.env, id).actOnRuns(byTenant.get(id) ?? [], action, {
        preview,
        ...(reason ? { reason } : {}),
      }),
    );
    const results = new Map(
      tenants.flatMap((id, i) =>
        (answers[i] ?? []).map((item) => [`${id}\n${item.run_id}`, { tenant_id: id, ...item }]),
      ),
    );
    const items = found.runs.flatMap((run) => {
      const item = results.get(`${run.tenant_id}\n${run.run_id}`);
      return item ? [item] : [];
    });
    const counted = (outcome: string) => items.filter((i) => i.outcome === outcome).length;
    return c.json({
      action,
      preview,
      items,
      totals: {
        matched: items.length,
        acted: counted("acted"),
        would_act: counted("would act"),
        refused: counted("refused"),
      },
      truncated: found.next_cursor !== null,
      next_cursor: found.next_cursor,
    });
  });
