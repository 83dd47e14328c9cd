import { NonRetryableError } from "cloudflare:workflows";
import {
  AgentWorkflow,
  type AgentWorkflowEvent,
  type AgentWorkflowStep,
  WorkflowRejectedError,
} from "agents/workflows";
import type { TenantAgent } from "../agents/tenant-agent";
import { outgoingTraceparent } from "../events";
import { log } from "../platform/log";
import { isPermanent, PermanentStepError, reasonOf } from "./errors";
import { ContentRunParams, type ParsedRunParams } from "./params";
import { BEFORE_FIRST_STEP, type ContentProgress, type ContentStep, progressOf } from "./progress";
import { researchReader } from "./research-reader";
import { APPROVAL_TIMEOUT, RECORD_FAILURE_STEP, stepConfig } from "./step-config";
import { editArticle } from "./steps/editorial";
import { fetchResearch } from "./steps/fetch-research";
import { draftArticle, outlineArticle } from "./steps/write";
import { toTemplate } from "./text/provider";
import { selectTextProvider } from "./text/select";

export type { ContentRunParams } from "./params";

/** What a finished run returns (and reports to its agent). */
export type ContentRunResult = {
  content_id: string;
  keyword: string;
  title: string;
  slug: string;
  word_count: number;
  provider: string;
  approved: boolean;
  /** When each step finished, from the steps' stored results (a replay keeps them). */
  steps_finished_at: Record<string, string>;
};

/**
 * The content run of one keyword for one tenant, started by its TenantAgent:
 * fetch research → outline → draft → edit → store → (wait for approval) → publish.
 * Each step retries with exponential backoff and has a timeout; a permanent failure
 * ends the run with a `workflow.failed` event naming the step and the reason.
 */
export class ContentWorkflow extends AgentWorkflow<TenantAgent, ContentRunParams, ContentProgress> {
  override async run(
    event: AgentWorkflowEvent<ContentRunParams>,
    step: AgentWorkflowStep,
  ): Promise<ContentRunResult> {
    const runId = event.instanceId;
    const parsed = ContentRunParams.safeParse(event.payload);
    let at: ContentStep | typeof BEFORE_FIRST_STEP = BEFORE_FIRST_STEP;

    /** When each step's body finished, as its stored result says (see `stamped`). */
    const finishedAt: Record<string, string> = {};

    /** One step: progress before and after, permanent errors made non-retryable. */
    const run = async <T extends Rpc.Serializable<T>>(
      name: Exclude<ContentStep, "wait for approval">,
      body: () => Promise<T>,
    ): Promise<T> => {
      at = name;
      await this.progress(progressOf(name, "running"));
      const stored = await step.do(name, stepConfig(name), async (ctx) => {
        // A retry says so, so the run's timeline can count the tries of each step.
        if (ctx.attempt > 1)
          await this.progress({ ...progressOf(name, "running"), attempt: ctx.attempt });
        return {
          value: await nonRetryableIfPermanent(body),
          finished_at: new Date().toISOString(),
        };
      });
      const { value, finished_at } = unstamp<T>(stored);
      if (finished_at) finishedAt[name] = finished_at;
      await this.progress({ ...progressOf(name, "done"), ...(finished_at ? { finished_at } : {}) });
      return value;
    };

    try {
      if (!parsed.success) {
        throw new NonRetryableError(`invalid run parameters: ${parsed.error.issues[0]?.message}`);
      }
      const params = parsed.data;
      const contentId = params.content_id ?? runId;
      const template = toTemplate(params.template);
      const provider = () => selectTextProvider(this.env);
      // The run's span (derived from its id) is the parent of the calls it makes.
      const traceparent =
        outgoingTraceparent({ id: runId, traceparent: params.traceparent }) ?? undefined;

      const brief = await run("fetch research", () =>
        fetchResearch(params, researchReader(this.env)),
      );
      const outline = await run("outline article", () =>
        outlineArticle(provider(), brief, template, traceparent),
      );
      const draft = await run("draft article", async () => ({
        ...(await draftArticle(provider(), brief, template, outline, traceparent)),
        provider: provider().name,
      }));
      const article = await run("edit article", async () => editArticle(draft, params.keyword));
      // Stored before any approval, so that the person approving can read it.
      await run("store article", async () => {
        // Copied into a plain object: an RPC result carries a disposer a step cannot keep.
        const { stored } = await this.agent.storeArticle({
          content_id: contentId,
          run_id: runId,
          keyword: params.keyword,
          title: article.title,
          slug: article.slug,
          markdown: article.markdown,
          summary: article.summary,
          word_count: article.word_count,
          correlation_id: params.correlation_id ?? null,
          cause_id: params.causation_id ?? null,
        });
        return { stored };
      });
      let approval: string | null = null;
      if (params.require_approval) {
        at = "wait for approval";
        await this.progress(progressOf("wait for approval", "waiting"));
        const metadata = await this.waitForApproval<Record<string, unknown> | undefined>(step, {
          stepName: "wait for approval",
          timeout: APPROVAL_TIMEOUT,
        });
        approval = typeof metadata?.reason === "string" ? metadata.reason : "approved";
        await this.progress(progressOf("wait for approval", "done"));
      }
      await run("publish article", async () => {
        const { emitted, refused } = await this.agent.recordContentReady({
          content_id: contentId,
          run_id: runId,
          approval,
        });
        // The agent's record, not this run's, says whether the article may go live.
        if (refused) throw new PermanentStepError(`not published: ${refused}`);
        return { emitted };
      });

      const result: ContentRunResult = {
        content_id: contentId,
        keyword: params.keyword,
        title: article.title,
        slug: article.slug,
        word_count: article.word_count,
        provider: draft.provider,
        approved: params.require_approval === true,
        steps_finished_at: finishedAt,
      };
      await step.reportComplete(result);
      return result;
    } catch (error) {
      await this.recordFailure(step, runId, at, error, parsed.success ? parsed.data : null);
      throw error;
    }
  }

  /**
   * Records the failure durably (`workflow.failed` through the agent's outbox) and
   * tells the agent the run errored. A rejection was already reported by
   * `waitForApproval`; reporting it twice would count it twice.
   */
  private async recordFailure(
    step: AgentWorkflowStep,
    runId: string,
    at: string,
    error: unknown,
    params: ParsedRunParams | null,
  ): Promise<void> {
    const rejected = error instanceof WorkflowRejectedError;
    const reason = rejected
      ? `rejected: ${error.reason || "no reason given"}`
      : at === "wait for approval"
        ? `no approval within ${APPROVAL_TIMEOUT}: ${reasonOf(error)}`
        : reasonOf(error);
    await step.do("record failure", RECORD_FAILURE_STEP, async () => {
      const { emitted } = await this.agent.recordRunFailed({
        run_id: runId,
        step: at,
        reason,
        keyword: params?.keyword ?? null,
        content_id: params ? (params.content_id ?? runId) : null,
        correlation_id: params?.correlation_id ?? null,
        cause_id: params?.causation_id ?? null,
      });
      return { emitted };
    });
    if (!rejected) await step.reportError(reason);
  }

  /**
   * Progress is a live view, not a record: a report that cannot be delivered is
   * logged and the run goes on (the agent learns the outcome from the durable reports).
   */
  private async progress(progress: ContentProgress): Promise<void> {
    try {
      await this.reportProgress(progress);
    } catch (error) {
      log({
        level: "warn",
        msg: "progress not delivered",
        run: this.workflowId,
        step: progress.step,
        error: String(error),
      });
    }
  }
}

/**
 * A step's stored result and when its body finished. The time is part of the result, so
 * a replay returns the time the step really ran: a step done before a crash keeps its
 * time, which is how a resumed run shows it did not redo it. Results stored before
 * steps carried a time come back as they were.
 */
function unstamp<T>(stored: unknown): { value: T; finished_at: string | null } {
  if (
    typeof stored === "object" &&
    stored !== null &&
    "value" in stored &&
    "finished_at" in stored &&
    typeof stored.finished_at === "string"
  ) {
    return { value: stored.value as T, finished_at: stored.finished_at };
  }
  return { value: stored as T, finished_at: null };
}

/** Runs a step body; an error retrying cannot fix becomes a NonRetryableError. */
async function nonRetryableIfPermanent<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    // The engine knows a NonRetryableError by its name: giving it another one (as the
    // optional second argument does) makes the engine retry the step after all.
    if (isPermanent(error)) throw new NonRetryableError(reasonOf(error));
    throw error;
  }
}
