import type { PublishableArticle } from "../../events/articles";
import { findArticle } from "./articles";
import { APPROVAL_STEP, PAST, readDecision } from "./run-actions";

// What may go live: the agent's own word on an article, asked before it is announced
// (the run's publish step) and again by the publisher before it renders anything. A
// `content.publish` command only names an article; whether it may be published is
// decided here, from the run that wrote it.

/**
 * Why the article of this run may not be published, or null when it may: a run that was
 * rejected or cancelled never publishes, and one that needs approval publishes only once
 * the agent has recorded its approval. A run the agent has no record of (started
 * directly, not by a decision) is judged by its article alone.
 */
export function publishRefusal(sql: SqlStorage, runId: string): string | null {
  const row = sql
    .exec<{ params: string }>("SELECT params FROM runs WHERE run_id = ?", runId)
    .toArray()[0];
  if (!row) return null;
  const decided = readDecision(sql, runId);
  if (decided && decided.action !== "approve") {
    return `its run ${runId} was ${PAST[decided.action]} at ${decided.at} (${decided.note})`;
  }
  if (needsApproval(row.params) && !decided) {
    return `its run ${runId} needs approval and has none on record`;
  }
  return null;
}

/**
 * The article under this content id if it may be published now: its run's publish step
 * has released it (marked it ready, which a run that needs approval reaches only once
 * approved) and nothing the agent recorded since forbids it.
 */
export function publishableArticle(sql: SqlStorage, contentId: string): PublishableArticle {
  const article = findArticle(sql, contentId);
  if (!article) return { ok: false, reason: `no stored article ${contentId}` };
  if (article.status !== "ready") {
    return {
      ok: false,
      reason: `article ${contentId} is not released for publishing: ${whereRunIs(sql, article.run_id)}`,
    };
  }
  const refused = publishRefusal(sql, article.run_id);
  return refused
    ? { ok: false, reason: `article ${contentId} may not be published: ${refused}` }
    : { ok: true, article };
}

/** Where the run that wrote an unreleased article stands, for the refusal's reason. */
function whereRunIs(sql: SqlStorage, runId: string): string {
  const run = sql
    .exec<{ status: string; step: string | null }>(
      "SELECT status, step FROM runs WHERE run_id = ?",
      runId,
    )
    .toArray()[0];
  const decided = readDecision(sql, runId);
  if (decided && decided.action !== "approve") {
    return `its run ${runId} was ${PAST[decided.action]} (${decided.note})`;
  }
  if (run?.step === APPROVAL_STEP && !decided) return `its run ${runId} is waiting for approval`;
  if (!run) return `its run ${runId} has not reached its publish step`;
  return `its run ${runId} has not reached its publish step (it is ${run.status}${run.step ? ` at "${run.step}"` : ""})`;
}

function needsApproval(params: string): boolean {
  try {
    const parsed: unknown = JSON.parse(params);
    return (
      typeof parsed === "object" &&
      parsed !== null &&
      "require_approval" in parsed &&
      parsed.require_approval === true
    );
  } catch {
    // Params are written by the agent itself as JSON; unreadable ones ask for approval.
    return true;
  }
}
