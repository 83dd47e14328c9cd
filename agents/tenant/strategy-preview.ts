import {
  createMessage,
  type DroppedKeyword,
  type FieldError,
  type KeptKeyword,
  type KeywordOutcome,
  type OutcomeChange,
  type PastOutcomeChange,
  type StrategyPreview,
} from "../../events";
import { keywordKey, type Strategy, type VersionedStrategy } from "../../events/strategy";
import { decide } from "./decide";
import { emptyModel, type KeywordUse, type ResearchResult, type ResearchRow } from "./model";
import { pickKeywords } from "./pick-keywords";
import { DAY_MS } from "./timing";

/**
 * A stretch of time in which a keyword was taken, so a decision dropped it: from a run's
 * request until the run failed (a run that ended well leaves an article), or from an
 * article's writing (in progress) and its publishing (published) on.
 */
export type KeywordUseSpan = {
  keyword_key: string;
  use: KeywordUse;
  from: string;
  /** When it was given back; null while it is still taken. */
  until: string | null;
};

export type PreviewInput = {
  tenant_id: string;
  /** The strategy in force. */
  current: VersionedStrategy;
  draft: Strategy;
  /** The research the agent holds, newest first, each row with when it came. */
  research: readonly ResearchRow[];
  uses: readonly KeywordUseSpan[];
  /** Runs under way now and started today: the run budget a decision now is held to. */
  runs: { active: number; started_today: number };
  days: number;
  now: Date;
};

/** The agent's answer to a preview: the preview, or the draft's field errors (as a PUT's). */
export type StrategyPreviewAnswer =
  | { ok: true; preview: StrategyPreview<Strategy> }
  | { ok: false; errors: FieldError[] };

/** The `source` of the research.completed a preview decides on; it is never sent. */
const PREVIEW_SOURCE = "strategy-preview";
const PREVIEW_EVENT_ID = "00000000-0000-4000-8000-000000000000";

/** One keyword as a strategy decided it; the last reason is the one that decided. */
type Judged = { row: ResearchRow; outcome: KeywordOutcome; reasons: string[] };

/**
 * What a draft strategy would do, beside the strategy in force. Pure: the agent reads the
 * inputs and passes the time.
 *
 * - **now**: a cycle now would research the draft's seed keywords; the newest research
 *   of each is decided by `decide()` exactly as a `research.completed` naming them would
 *   be, with the keywords taken now and today's run budget.
 * - **over_past**: each research result of the last `days` days (the rows of one chain
 *   and time) is decided again by `pickKeywords` with each strategy, with the keywords
 *   as taken just before it came (so not by the runs it started itself). The run budget
 *   of the past is not replayed.
 *
 * A strategy drops research of a keyword that is not one of its seeds: its cycles would
 * not ask about it.
 */
export function decidePreview(input: PreviewInput): StrategyPreview<Strategy> {
  const { current, draft, now } = input;
  const seeds = new Set(
    [...draft.seed_keywords, ...current.strategy.seed_keywords].map(keywordKey),
  );
  const pool = newestPerKeyword(input.research).filter((row) => seeds.has(keywordKey(row.keyword)));
  const draftNow = judgeNow(input, draft, pool);
  const currentNow = judgeNow(input, current.strategy, pool);

  const researchedKeys = new Set(pool.map((row) => keywordKey(row.keyword)));
  const draftSeeds = new Set(draft.seed_keywords.map(keywordKey));
  const kept: KeptKeyword[] = [];
  const dropped: DroppedKeyword[] = [];
  for (const judged of draftNow) {
    if (judged.outcome === "kept")
      kept.push({ ...researched(judged.row), reasons: judged.reasons });
    else dropped.push({ ...researched(judged.row), reason: decisive(judged) });
  }

  const since = new Date(now.getTime() - input.days * DAY_MS);
  const past = replay(input, since);
  return {
    strategy_version_now: current.version,
    draft,
    now: {
      researched: pool.filter((row) => draftSeeds.has(keywordKey(row.keyword))).length,
      kept,
      dropped,
      not_researched: draft.seed_keywords.filter((k) => !researchedKeys.has(keywordKey(k))),
    },
    differs: changes(currentNow, draftNow),
    over_past: {
      days: input.days,
      since: since.toISOString(),
      research_rows: past.rows,
      kept: past.kept,
      dropped: past.dropped,
      changed: past.changed,
    },
  };
}

/** A cycle now: the research of the strategy's seeds, decided as the agent would. */
function judgeNow(input: PreviewInput, strategy: Strategy, pool: readonly ResearchRow[]): Judged[] {
  const seeds = new Set(strategy.seed_keywords.map(keywordKey));
  const results = pool.filter((row) => seeds.has(keywordKey(row.keyword)));
  const ctx = { now: () => input.now, newId: () => PREVIEW_EVENT_ID };
  const message = createMessage(
    "research.completed",
    { research_ids: results.map((r) => r.research_id), keywords_researched: results.length },
    { tenant_id: input.tenant_id, source: PREVIEW_SOURCE },
    ctx,
  );
  const model = {
    ...emptyModel(input.tenant_id, strategy, input.current.version),
    research: Object.fromEntries(results.map((row) => [row.research_id, result(row)])),
    keyword_use: takenAt(input.uses, input.now.getTime()),
    runs: input.runs,
  };
  const decision = decide(message, model, ctx);
  const started = new Set(decision.startRuns.map((run) => keywordKey(run.keyword)));
  // In the decision's order: a kept keyword's first reason is its rank.
  const order = (row: ResearchRow) =>
    decision.reasons.findIndex((r) => keywordKey(r.subject) === keywordKey(row.keyword));
  const judged = [...results]
    .sort((a, b) => order(a) - order(b))
    .map((row): Judged => {
      const key = keywordKey(row.keyword);
      return {
        row,
        outcome: started.has(key) ? "kept" : "dropped",
        reasons: decision.reasons.filter((r) => keywordKey(r.subject) === key).map((r) => r.text),
      };
    });
  return [...judged, ...notSeeds(pool, seeds)];
}

/** The research of the window, one result (chain and time) at a time, with each strategy. */
function replay(input: PreviewInput, since: Date) {
  const rows = input.research.filter((row) => Date.parse(row.received_at) >= since.getTime());
  const groups = new Map<string, ResearchRow[]>();
  for (const row of rows) {
    const id = `${row.correlation_id ?? ""} ${row.received_at}`;
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  const kept = { current: 0, draft: 0 };
  const dropped = { current: 0, draft: 0 };
  const changed: PastOutcomeChange[] = [];
  // Oldest first, as they were decided.
  for (const group of [...groups.values()].reverse()) {
    const first = group[0];
    if (!first) continue;
    const at = Date.parse(first.received_at);
    const use = takenAt(input.uses, at);
    const draft = judgePast(group, input.draft, use);
    const current = judgePast(group, input.current.strategy, use);
    for (const judged of draft) (judged.outcome === "kept" ? kept : dropped).draft++;
    for (const judged of current) (judged.outcome === "kept" ? kept : dropped).current++;
    for (const change of changes(current, draft))
      changed.push({
        ...change,
        researched_at: first.received_at,
        correlation_id: first.correlation_id,
      });
  }
  return { rows: rows.length, kept, dropped, changed };
}

function judgePast(
  group: readonly ResearchRow[],
  strategy: Strategy,
  use: Record<string, KeywordUse>,
): Judged[] {
  const seeds = new Set(strategy.seed_keywords.map(keywordKey));
  const results = group.filter((row) => seeds.has(keywordKey(row.keyword)));
  const picks = pickKeywords(results.map(result), strategy, use);
  const picked = new Set(picks.picked.map((r) => r.research_id));
  const judged = results.map(
    (row): Judged => ({
      row,
      outcome: picked.has(row.research_id) ? "kept" : "dropped",
      reasons: picks.reasons
        .filter((r) => keywordKey(r.subject) === keywordKey(row.keyword))
        .map((r) => r.text),
    }),
  );
  return [...judged, ...notSeeds(group, seeds)];
}

/** Keywords decided otherwise by the draft, in the draft's order. */
function changes(current: readonly Judged[], draft: readonly Judged[]): OutcomeChange[] {
  const before = new Map(current.map((j) => [keywordKey(j.row.keyword), j]));
  return draft.flatMap((judged) => {
    const was = before.get(keywordKey(judged.row.keyword));
    if (!was || was.outcome === judged.outcome) return [];
    return [
      {
        keyword: judged.row.keyword,
        current: was.outcome,
        draft: judged.outcome,
        reason: decisive(judged),
        current_reason: decisive(was),
      },
    ];
  });
}

function notSeeds(rows: readonly ResearchRow[], seeds: ReadonlySet<string>): Judged[] {
  return rows
    .filter((row) => !seeds.has(keywordKey(row.keyword)))
    .map((row) => ({
      row,
      outcome: "dropped",
      reasons: [`dropped '${row.keyword}': not a seed keyword, so no cycle researches it`],
    }));
}

/**
 * Which keywords were taken just before `at`, as `keywordUse` reads them now: by a run
 * requested and not failed by then, or an article written or published by then
 * (published wins). The runs a research result's own decision started were requested
 * at its very time, so they do not count against it.
 */
export function takenAt(spans: readonly KeywordUseSpan[], at: number): Record<string, KeywordUse> {
  const use: Record<string, KeywordUse> = {};
  for (const span of spans) {
    if (Date.parse(span.from) >= at) continue;
    if (span.until !== null && Date.parse(span.until) <= at) continue;
    if (use[span.keyword_key] !== "published") use[span.keyword_key] = span.use;
  }
  return use;
}

/** The newest row of each keyword (rows come newest first). */
function newestPerKeyword(rows: readonly ResearchRow[]): ResearchRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = keywordKey(row.keyword);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function decisive(judged: Judged): string {
  return judged.reasons.at(-1) ?? `'${judged.row.keyword}': ${judged.outcome}`;
}

function result(row: ResearchRow): ResearchResult {
  const { research_id, keyword, difficulty, volume, intent } = row;
  return { research_id, keyword, difficulty, volume, intent };
}

function researched(row: ResearchRow) {
  const { keyword, research_id, difficulty, volume } = row;
  return { keyword, research_id, difficulty, volume };
}
