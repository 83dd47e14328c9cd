import type { FieldError } from "../../events";
import type { ArticleInput, PublishableArticle, StoredArticle } from "../../events/articles";
import { Strategy, type StrategyVersion, type VersionedStrategy } from "../../events/strategy";
import { TenantAgentMessages } from "./agent-messages";
import { findArticle, insertArticle } from "./articles";
import { type ContentReady, type RunFailure, readyAndPublish, recordFailure } from "./content-runs";
import { writeMeta } from "./meta";
import { publishableArticle, publishRefusal } from "./publish-gate";
import {
  APPROVAL_STEP,
  claimDecision,
  PAST,
  type RunAction,
  type RunActionResult,
  recordProgressInOrder,
  releaseDecision,
} from "./run-actions";
import { planRestart, type RestartRefusal, recordRestart, undoRestart } from "./run-restart";
import { type RetryResult, requestRetry } from "./run-retry";
import { Progress, readRun, recordRunEnd, recordStepTimes } from "./run-store";
import { changeStrategy, type StrategyChange } from "./strategy-change";
import { decidePreview, type StrategyPreviewAnswer } from "./strategy-preview";
import { loadPreview } from "./strategy-preview-store";
import { currentStrategy, strategyHistory, strategyVersion } from "./strategy-store";

/**
 * The tenant agent's strategy (set up, versions, changes, rollback, preview) and its
 * content runs (the workflow's callbacks, the article it stores, and the run actions:
 * approve, reject, cancel, retry, restart).
 */
export abstract class TenantAgentStrategyRuns extends TenantAgentMessages {
  // ── strategy ────────────────────────────────────────────────────────────────────

  /**
   * Sets the tenant up once: its first strategy (the given one or the defaults) and its
   * cycle schedule. Called again, it only makes sure the schedule exists.
   */
  async setUp(strategy?: unknown, author: string | null = null): Promise<StrategyChange> {
    const current = currentStrategy(this.ctx.storage.sql);
    if (current.version > 0) {
      await this.reconcileSchedule(current.strategy.cycle_cron);
      return { ok: true, changed: false, ...current };
    }
    writeMeta(this.ctx.storage.sql, "initialised_at", new Date().toISOString());
    return this.setStrategy(strategy ?? {}, "created", author);
  }

  async getStrategy(): Promise<VersionedStrategy> {
    return currentStrategy(this.ctx.storage.sql);
  }

  async listStrategyVersions(
    limit = 100,
    before: number | null = null,
  ): Promise<StrategyVersion[]> {
    return strategyHistory(this.ctx.storage.sql, limit, before);
  }

  /**
   * Validates and stores a new strategy version (the same strategy again makes none),
   * sends `strategy.updated`, and replaces the cycle schedule when the cron changed.
   */
  async setStrategy(
    input: unknown,
    note = "updated",
    author: string | null = null,
  ): Promise<StrategyChange> {
    const parsed = Strategy.safeParse(input);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
    const at = new Date();
    const change = changeStrategy(this.ctx.storage, this.name, parsed.data, note, at, author);
    await this.reconcileSchedule(change.strategy.cycle_cron);
    if (change.changed) {
      await this.pushRoutingSettings(change.strategy);
      await this.afterChange({ pending: true, summary: true });
    }
    return { ok: true, ...change };
  }

  /** Makes a new version equal to an old one; null when that version does not exist. */
  async rollbackStrategy(
    version: number,
    author: string | null = null,
  ): Promise<StrategyChange | null> {
    const old = strategyVersion(this.ctx.storage.sql, version);
    return old ? this.setStrategy(old.strategy, `rolled back to v${version}`, author) : null;
  }

  /**
   * What a draft strategy would keep and drop now and over the past `days` of research,
   * beside the strategy in force (`tenant/strategy-preview.ts`). Changes nothing; an
   * invalid draft gets the field errors a PUT would.
   */
  async previewStrategy(
    draft: unknown,
    options: { days: number; now?: number },
  ): Promise<StrategyPreviewAnswer> {
    const parsed = Strategy.safeParse(draft);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
    const now = new Date(options.now ?? Date.now());
    const sql = this.ctx.storage.sql;
    return {
      ok: true,
      preview: decidePreview(loadPreview(sql, this.name, parsed.data, options.days, now)),
    };
  }

  // ── workflow callbacks ──────────────────────────────────────────────────────────

  /** A run's progress; a report older than one already recorded (a replay) is ignored. */
  override async onWorkflowProgress(_name: string, workflowId: string, progress: unknown) {
    const parsed = Progress.safeParse(progress);
    if (!parsed.success) return;
    const sql = this.ctx.storage.sql;
    const at = new Date().toISOString();
    const recorded = this.ctx.storage.transactionSync(() =>
      recordProgressInOrder(sql, workflowId, progress, parsed.data, at),
    );
    if (recorded) this.live.changed();
  }

  override async onWorkflowComplete(_name: string, workflowId: string, result?: unknown) {
    const sql = this.ctx.storage.sql;
    recordStepTimes(sql, workflowId, result);
    recordRunEnd(sql, workflowId, "complete", null, new Date().toISOString());
    await this.afterChange({ pending: false, summary: true });
  }

  override async onWorkflowError(_name: string, workflowId: string, error: string) {
    const at = new Date().toISOString();
    const sql = this.ctx.storage.sql;
    recordRunEnd(sql, workflowId, "errored", error, at);
    writeMeta(
      sql,
      "last_error",
      JSON.stringify({ at, message: `run ${workflowId} failed: ${error}` }),
    );
    await this.afterChange({ pending: false, summary: true });
  }

  // ── content runs: articles and actions ───────────────────────────────────────────

  /** Stores a content run's article; `stored` is false when this run stored it already. */
  async storeArticle(article: ArticleInput): Promise<{ content_id: string; stored: boolean }> {
    const stored = insertArticle(this.ctx.storage.sql, article, new Date().toISOString());
    return { content_id: article.content_id, stored };
  }

  /** An article by content id (a reviewer reads it before approving). */
  async getArticle(contentId: string): Promise<StoredArticle | null> {
    return findArticle(this.ctx.storage.sql, contentId);
  }

  /**
   * The article under this content id if it may go live, else why not (the publisher
   * asks before publishing anything: `tenant/publish-gate.ts`).
   */
  async getPublishableArticle(contentId: string): Promise<PublishableArticle> {
    return publishableArticle(this.ctx.storage.sql, contentId);
  }

  /**
   * A run's article is ready: `content.ready` and `content.publish` go to the outbox
   * with the decision that sends them, in one transaction, then are flushed. Asked
   * again for the same run, it sends nothing more. A run that was rejected or cancelled,
   * or needs an approval the agent has not recorded, sends nothing and says why.
   */
  async recordContentReady(
    ready: ContentReady,
  ): Promise<{ content_id: string; emitted: number; refused?: string }> {
    const sql = this.ctx.storage.sql;
    const refused = publishRefusal(sql, ready.run_id);
    if (refused) return { content_id: ready.content_id, emitted: 0, refused };
    const messages = this.ctx.storage.transactionSync(() =>
      readyAndPublish(sql, this.name, ready, new Date()),
    );
    if (messages.length > 0) await this.afterChange({ pending: true, summary: true });
    return { content_id: ready.content_id, emitted: messages.length };
  }

  /** Records a run's permanent failure as a `workflow.failed` event, once per run. */
  async recordRunFailed(failure: RunFailure): Promise<{ emitted: boolean }> {
    const sql = this.ctx.storage.sql;
    const message = this.ctx.storage.transactionSync(() =>
      recordFailure(sql, this.name, failure, new Date()),
    );
    if (message) await this.afterChange({ pending: true, summary: true });
    return { emitted: message !== null };
  }

  /**
   * Approves or rejects a run's article while the run waits for approval, or cancels a
   * run that has not finished. A cancelled run ends as `terminated` and gives its
   * keyword back; an approval or rejection is reported by the run itself. The first
   * action on a run is its decision: any later one is refused with what was decided.
   */
  async actOnRun(runId: string, action: RunAction, reason?: string): Promise<RunActionResult> {
    const sql = this.ctx.storage.sql;
    const note = reason ?? `${PAST[action]} over the API`;
    // Checked and recorded before the first await: an action arriving meanwhile is refused.
    const refused = claimDecision(
      sql,
      readRun(sql, runId),
      runId,
      action,
      note,
      new Date().toISOString(),
    );
    if (refused) return refused;
    try {
      if (action === "approve") {
        await this.approveWorkflow(runId, { reason: note, metadata: { reason: note } });
      } else if (action === "reject") await this.rejectWorkflow(runId, { reason: note });
      else if (this.getWorkflow(runId)) await this.terminateWorkflow(runId);
    } catch (error) {
      // The engine refuses an action on a run that has just finished: nothing was decided.
      releaseDecision(sql, runId, action);
      return {
        ok: false,
        status: 409,
        detail: `Run ${runId} cannot be ${action}d: ${String(error)}`,
      };
    }
    const at = new Date().toISOString();
    // The run's own reports name only the bare reason; the run's record says what happened.
    if (action === "cancel") recordRunEnd(sql, runId, "terminated", `cancelled: ${note}`, at);
    if (action === "reject") recordRunEnd(sql, runId, "errored", `rejected: ${note}`, at);
    await this.afterChange({ pending: false, summary: true });
    return { ok: true, run_id: runId, action, status: readRun(sql, runId)?.status ?? "unknown" };
  }

  /**
   * Retries a run that failed, or was cancelled or rejected: a new run with the same
   * input, linked to it (`retry_of`), started at once. Refused (409) for a run still
   * going or already retried.
   */
  async retryRun(runId: string): Promise<RetryResult & { status_now?: string }> {
    const sql = this.ctx.storage.sql;
    const result = requestRetry(sql, runId, new Date().toISOString());
    if (!result.ok) return result;
    await this.startRequestedRuns();
    await this.afterChange({ pending: false, summary: true });
    return { ...result, status_now: readRun(sql, result.run_id)?.status ?? "requested" };
  }

  /**
   * Restarts a run that ended from one of its steps, keeping the stored results of the
   * steps before it (`tenant/run-restart.ts`): the agent's record first, then the
   * workflow engine's `restart({ from })` (the SDK's `restartWorkflow` cannot name a
   * step). 400 for a name that is no step, 404 for an unknown run, 409 for a run still
   * going, a step it never reached, or a restart the engine refused (nothing changed).
   */
  async restartRun(
    runId: string,
    from: string,
  ): Promise<
    | { ok: true; run_id: string; from: string; kept: string[]; restarts: number; status: string }
    | RestartRefusal
  > {
    const sql = this.ctx.storage.sql;
    const plan = planRestart(sql, runId, from);
    if (!plan.ok) return plan;
    // Recorded before the first await: a second restart meanwhile finds the run under way.
    const snapshot = this.ctx.storage.transactionSync(() =>
      recordRestart(sql, plan, new Date().toISOString()),
    );
    try {
      const instance = await this.env.CONTENT_WORKFLOW.get(runId);
      await instance.restart({
        from: { name: plan.from, type: plan.from === APPROVAL_STEP ? "waitForEvent" : "do" },
      });
    } catch (error) {
      this.ctx.storage.transactionSync(() => undoRestart(sql, snapshot));
      return {
        ok: false,
        status: 409,
        detail: `The workflow engine did not restart run ${runId} from "${plan.from}": ${String(error)}`,
      };
    }
    await this.afterChange({ pending: false, summary: true });
    const run = readRun(sql, runId);
    return {
      ok: true,
      run_id: runId,
      from: plan.from,
      kept: plan.kept,
      restarts: run?.restarts ?? 1,
      status: run?.status ?? "started",
    };
  }
}

function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}
