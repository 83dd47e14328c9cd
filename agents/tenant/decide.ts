import { childTraceparent, createMessage, type Message } from "../../events";
import { keywordKey } from "../../events/strategy";
import {
  type DecideContext,
  type Decision,
  noDecision,
  type Reason,
  type RunRequest,
  runId,
} from "./decision";
import type { ResearchResult, TenantModel } from "./model";
import { pickKeywords } from "./pick-keywords";
import { DAY_MS, daysBetween, periodFor, timeAgo } from "./timing";

/** The agent's name as the `source` of what it sends. */
export const AGENT_SOURCE = "tenant-agent";

/** At most this many pages per performance request (the catalog's list bound). */
const MAX_URLS_PER_CHECK = 100;

/**
 * Decides what a message means for the tenant: which messages to send, which content
 * runs to start, and why. Pure: time and ids come from `ctx`, everything known from
 * `state`; recording the outcome is the caller's job.
 */
export function decide(message: Message, state: TenantModel, ctx: DecideContext): Decision {
  switch (message.type) {
    case "cycle.requested":
      return decideCycle(message, state, ctx);
    case "research.completed":
      return decidePicks(message, state);
    case "content.refresh":
      return decideRefresh(message, state, ctx);
    default:
      return noDecision;
  }
}

/**
 * A cycle opens its own chain: its correlation_id is the event_id of the request that
 * opened it. It announces itself, asks for research when it is due and for performance
 * reports of the pages due for a check.
 */
function decideCycle(
  message: Message<"cycle.requested">,
  state: TenantModel,
  ctx: DecideContext,
): Decision {
  const { strategy } = state;
  const now = ctx.now();
  const chain = message.event_id;
  const origin = { tenant_id: state.tenant_id, source: AGENT_SOURCE, cause: message };
  const inChain = { ...origin, correlation_id: chain };
  const emit: Message[] = [
    createMessage(
      "cycle.started",
      { reason: message.payload.reason, cycle_id: chain },
      inChain,
      ctx,
    ),
  ];
  const reasons: Reason[] = [];

  const last = state.last_research_requested_at;
  if (strategy.seed_keywords.length === 0) {
    reasons.push(note("research", "research not requested: the strategy has no seed keywords"));
  } else if (
    last !== null &&
    now.getTime() - Date.parse(last) < strategy.research_interval_days * DAY_MS
  ) {
    reasons.push({
      verdict: "not due",
      subject: "research",
      text: `research not due: last requested ${daysBetween(last, now)} days ago < ${strategy.research_interval_days}`,
    });
  } else {
    reasons.push({
      verdict: "due",
      subject: "research",
      text:
        last === null
          ? `research due: never requested; asking for ${strategy.seed_keywords.length} seed keywords`
          : `research due: last requested ${daysBetween(last, now)} days ago ≥ ${strategy.research_interval_days}; asking for ${strategy.seed_keywords.length} seed keywords`,
    });
    emit.push(
      createMessage(
        "research.requested",
        { keywords: [...strategy.seed_keywords], priority: "normal" },
        inChain,
        ctx,
      ),
    );
  }

  const due = Object.values(state.publications)
    .filter((p) => Date.parse(p.check_due_at) <= now.getTime())
    .sort((a, b) => a.check_due_at.localeCompare(b.check_due_at) || a.url.localeCompare(b.url))
    .slice(0, MAX_URLS_PER_CHECK);
  if (due.length === 0) {
    reasons.push({
      verdict: "not due",
      subject: "performance",
      text: "no page is due for a performance check",
    });
  } else {
    const period = periodFor(strategy.performance_check_days);
    reasons.push({
      verdict: "due",
      subject: "performance",
      text: `performance check due for ${due.length} page${due.length === 1 ? "" : "s"} (${strategy.performance_check_days === 0 ? "every cycle" : `every ${strategy.performance_check_days} days`}), over ${period}`,
    });
    emit.push(
      createMessage("performance.requested", { urls: due.map((p) => p.url), period }, inChain, ctx),
    );
  }

  return {
    kind: "cycle",
    summary: `cycle (${message.payload.reason}): ${emit.length - 1} request${emit.length === 2 ? "" : "s"} sent (strategy v${state.strategy_version})`,
    emit,
    startRuns: [],
    reasons,
  };
}

/** Research came back: keep what the strategy allows and start one content run each. */
function decidePicks(message: Message<"research.completed">, state: TenantModel): Decision {
  const reasons: Reason[] = [];
  const results: ResearchResult[] = [];
  for (const id of message.payload.research_ids) {
    const result = state.research[id];
    if (result) results.push(result);
    else
      reasons.push({
        verdict: "dropped",
        subject: id,
        text: `dropped research ${id}: the research service does not know it`,
      });
  }
  const picks = pickKeywords(results, state.strategy, state.keyword_use);
  reasons.push(...picks.reasons);

  const chain = message.correlation_id ?? message.event_id;
  const room = runRoom(state);
  const held = picks.picked.slice(room.runs);
  for (const result of held)
    reasons.push({
      verdict: "dropped",
      subject: result.keyword,
      text: `not started '${result.keyword}': ${room.why}`,
    });
  const startRuns = picks.picked.slice(0, room.runs).map((result) => {
    const id = runId(state.tenant_id, keywordKey(result.keyword), chain);
    return runRequest(state, message, chain, id, id, result.keyword, result.research_id);
  });
  return {
    kind: "research",
    summary: `kept ${picks.picked.length} of ${results.length} keyword${results.length === 1 ? "" : "s"} (strategy v${state.strategy_version})`,
    emit: [],
    startRuns,
    reasons,
  };
}

/** The window `refresh_max_per_week` counts refreshes over. */
const WEEK_MS = 7 * DAY_MS;

/**
 * An article underperforms (analytics judged a report of its page): write it again, as
 * a new run for the same content, unless a rule holds it back — the article must be
 * published, a report gets at most one refresh, no run for its keyword may be under
 * way, an article is refreshed at most once in 7 days, and refreshes keep to
 * `refresh_max_per_week` over any 7 days and to the run budget.
 */
function decideRefresh(
  message: Message<"content.refresh">,
  state: TenantModel,
  ctx: DecideContext,
): Decision {
  const { content_id, reason } = message.payload;
  const item = state.content[content_id];
  const keyword = item?.keyword ?? null;
  const name = keyword === null ? content_id : `'${keyword}'`;
  const asked = note("report", `asked to refresh ${name}: ${reason}`);
  const refused = (why: string): Decision => ({
    kind: "refresh",
    summary: `refresh of ${name} not started: ${why}`,
    emit: [],
    startRuns: [],
    reasons: [
      { verdict: "dropped", subject: keyword ?? content_id, text: `not refreshed ${name}: ${why}` },
      asked,
    ],
  });

  if (keyword === null) return refused("the article is not known yet");
  if (item?.published_at == null) return refused("the article is not published");
  const report = message.causation_id;
  if (state.refreshes.for_report !== null)
    return refused(`report ${report} already started refresh run ${state.refreshes.for_report}`);
  if (state.refreshes.runs_active > 0)
    return refused(`a run for '${keyword}' is under way (${state.refreshes.runs_active})`);
  const now = ctx.now();
  const since = now.getTime() - WEEK_MS;
  const last = state.refreshes.article_last;
  if (last !== null && Date.parse(last) > since)
    return refused(
      `it was refreshed ${timeAgo(last, now)}; an article is refreshed at most once in 7 days`,
    );
  const { refresh_max_per_week: budget } = state.strategy;
  const thisWeek = state.refreshes.recent.filter((at) => Date.parse(at) > since).length;
  if (thisWeek >= budget)
    return refused(
      budget === 0
        ? "refreshes are off (refresh_max_per_week 0)"
        : `${thisWeek} refresh${thisWeek === 1 ? "" : "es"} started in the last 7 days (refresh_max_per_week ${budget})`,
    );
  const room = runRoom(state);
  if (room.runs === 0) return refused(room.why);

  const chain = message.correlation_id ?? message.event_id;
  const id = runId(state.tenant_id, "refresh", content_id, message.event_id);
  return {
    kind: "refresh",
    summary: `refresh of '${keyword}' started`,
    emit: [],
    startRuns: [runRequest(state, message, chain, id, content_id, keyword, null)],
    reasons: [
      { verdict: "kept", subject: keyword, text: `kept '${keyword}' for a rewrite: ${reason}` },
      note(
        "budget",
        `refresh ${thisWeek + 1} of ${budget} in the last 7 days (refresh_max_per_week ${budget})`,
      ),
    ],
  };
}

function runRequest(
  state: TenantModel,
  cause: Message,
  chain: string,
  id: string,
  contentId: string,
  keyword: string,
  researchId: string | null,
): RunRequest {
  return {
    run_id: id,
    content_id: contentId,
    keyword,
    research_id: researchId,
    correlation_id: chain,
    causation_id: cause.event_id,
    traceparent: childTraceparent(cause, chain),
    template: state.strategy.template,
    require_approval: state.strategy.require_approval,
    social_enabled: state.strategy.social_enabled,
  };
}

function note(subject: string, text: string): Reason {
  return { verdict: "note", subject, text };
}

/**
 * How many more runs the strategy's budget lets start now, and why no more: the runs
 * under way against `max_active_runs`, today's against `max_runs_per_day`. So a flood
 * of refreshes or research cannot start a run per event.
 */
function runRoom(state: TenantModel): { runs: number; why: string } {
  const { max_active_runs, max_runs_per_day } = state.strategy;
  const byActive = Math.max(0, max_active_runs - state.runs.active);
  const byDay = Math.max(0, max_runs_per_day - state.runs.started_today);
  return byDay <= byActive
    ? { runs: byDay, why: `the daily run budget (max_runs_per_day ${max_runs_per_day}) is used up` }
    : {
        runs: byActive,
        why: `${state.runs.active} runs are under way (max_active_runs ${max_active_runs})`,
      };
}
