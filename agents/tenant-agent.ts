import type { TenantState } from "../events/tenant-state";
import { processedOf } from "../platform/sqlite/dedup-partitions";
import { outboxStatus } from "../platform/sqlite/outbox";
import type { PendingWork } from "./tenant/agent-settings";
import { TenantAgentStrategyRuns } from "./tenant/agent-strategy-runs";
import { type ContentPosition, type ContentView, readContent } from "./tenant/content-view";
import { type EventLogEntry, type EventLogFilter, readLog } from "./tenant/event-log";
import { type AgentInspection, scheduleViews } from "./tenant/inspect";
import { type LookupHit, lookupId, lookupPage } from "./tenant/lookup";
import { readHeld } from "./tenant/pause";
import { type ReplayFilter, type ReplaySelection, selectReplay } from "./tenant/replay";
import { type ResearchView, readResearch } from "./tenant/research-view";
import { actInBulk, type BulkAction, type BulkItem } from "./tenant/run-bulk";
import { type RunPosition, type RunSearchFilter, searchRuns } from "./tenant/run-search";
import { countRequested } from "./tenant/run-store";
import { type RunView, readRuns, viewRuns } from "./tenant/run-view";
import { currentStrategy } from "./tenant/strategy-store";
import type { TraceEntry } from "./tenant/trace";
import { readTrace } from "./tenant/trace-store";
import { readView } from "./tenant/view";

export {
  type ApplyOptions,
  type ApplyResult,
  type PendingWork,
  PRUNE_CRON,
} from "./tenant/agent-settings";
export type { ApplyOutcome } from "./tenant/apply";

/**
 * One agent per tenant, named by tenant id. A thin shell around pure decisions
 * (`tenant/decide.ts`, `tenant/evolve.ts`): read what a message refers to, then dedupe →
 * decide → persist with its outbox in one transaction (`tenant/apply.ts`) → send, start
 * runs and publish the small state. Its cycle runs on its own cron schedule.
 *
 * One Durable Object class in layers, each a file with one job, each method a few lines
 * over a module of `tenant/`:
 * `tenant/agent-base.ts` (lifecycle, upkeep, after-commit) →
 * `tenant/agent-messages.ts` (apply, hold, pause, resume, cycles) →
 * `tenant/agent-strategy-runs.ts` (strategy, workflow callbacks, run actions) →
 * this file (the reads: logs, runs, content, lookup, inspector, trace).
 */
export class TenantAgent extends TenantAgentStrategyRuns {
  // ── reading ─────────────────────────────────────────────────────────────────────

  async listEvents(filter: EventLogFilter): Promise<EventLogEntry[]> {
    return readLog(this.ctx.storage.sql, filter);
  }

  /**
   * Logged events to send again (`POST /api/replay`), newest first, with what the dedup
   * will do with each and, for a preview, what a decision on each would be now beside
   * the one recorded then (`tenant/replay.ts`). Reads only; the Worker sends them.
   */
  async selectReplay(
    filter: ReplayFilter,
    options: { preview: boolean; now?: number },
  ): Promise<ReplaySelection> {
    const now = new Date(options.now ?? Date.now());
    return selectReplay(this.ctx.storage.sql, this.name, filter, {
      decisions: options.preview,
      ctx: { now: () => now, newId: () => crypto.randomUUID() },
    });
  }

  /** Of these event ids, the ones this agent has applied (its dedup would skip them). */
  async appliedAmong(eventIds: string[]): Promise<string[]> {
    return [...processedOf(this.ctx.storage.sql, eventIds.slice(0, 500))];
  }

  async getTenantState(): Promise<TenantState> {
    return readView(this.ctx.storage.sql, this.name);
  }

  /** Content runs, newest first, with the workflow's own status, step and timings. */
  async listRuns(limit = 50): Promise<RunView[]> {
    const tracked = this.getWorkflows({ workflowName: "CONTENT_WORKFLOW", limit: 100 }).workflows;
    return readRuns(this.ctx.storage.sql, tracked, limit);
  }

  /**
   * Runs matching a search, newest first by `(requested_at, run_id)`, a page below
   * `before` (`tenant/run-search.ts`): what `GET /api/runs` asks each tenant for.
   */
  async searchRuns(
    filter: RunSearchFilter,
    page: { limit: number; before?: RunPosition },
  ): Promise<RunView[]> {
    const sql = this.ctx.storage.sql;
    const tracked = this.getWorkflows({ workflowName: "CONTENT_WORKFLOW", limit: 100 }).workflows;
    return viewRuns(sql, tracked, searchRuns(sql, filter, page));
  }

  /**
   * One action on each of these runs through `actOnRun` / `retryRun`, or with `preview`
   * whether each run's state allows it, changing nothing (`tenant/run-bulk.ts`).
   */
  async actOnRuns(
    runIds: string[],
    action: BulkAction,
    options: { preview: boolean; reason?: string },
  ): Promise<BulkItem[]> {
    return actInBulk(this.ctx.storage.sql, runIds.slice(0, 500), action, options, {
      actOnRun: (runId, act, reason) => this.actOnRun(runId, act, reason),
      retryRun: (runId) => this.retryRun(runId),
    });
  }

  /** What this id names here (run, chain, content, event) and its chain (`tenant/lookup.ts`). */
  async lookup(id: string): Promise<LookupHit | null> {
    return lookupId(this.ctx.storage.sql, id);
  }

  /** The article published under this slug, and its chain. */
  async lookupPage(slug: string): Promise<LookupHit | null> {
    return lookupPage(this.ctx.storage.sql, slug);
  }

  /** The tenant's articles, newest first: status, word count, published URLs; `after` pages on. */
  async listContent(
    limit = 50,
    after: ContentPosition | null = null,
    q: string | null = null,
  ): Promise<ContentView[]> {
    return readContent(this.ctx.storage.sql, limit, after, q);
  }

  /** The newest research per keyword and which keywords are used: a strategy preview's input. */
  async latestResearch(limit = 50): Promise<ResearchView> {
    return readResearch(this.ctx.storage.sql, limit);
  }

  /** What waits to be sent or started (an operator's check that nothing is stuck). */
  async pendingWork(): Promise<PendingWork> {
    const sql = this.ctx.storage.sql;
    return { ...outboxStatus(sql), runs_to_start: countRequested(sql) };
  }

  /** The agent inspector: state, inbox, outbox, schedules, runs and strategy in one read. */
  async inspect(limit = 20): Promise<AgentInspection> {
    const sql = this.ctx.storage.sql;
    return {
      state: readView(sql, this.name),
      strategy: currentStrategy(sql),
      inbox: readLog(sql, { limit }),
      outbox: await this.pendingWork(),
      schedules: scheduleViews(await this.listSchedules()),
      runs: await this.listRuns(limit),
      held: readHeld(sql, 5),
    };
  }

  /** Every message, decision, run and step of one chain, in causal order. */
  async traceChain(correlationId: string): Promise<TraceEntry[]> {
    return readTrace(this.ctx.storage.sql, correlationId);
  }
}
