/**
 * The strategy editor's form state and its checks. The form holds what the inputs show
 * (text for numbers, one keyword per line); `checkDraft` turns it into the strategy the
 * API takes and validates it with the very zod schema the agent uses (`Strategy` from
 * agents/tenant/strategy.ts), so every message the form shows is the server's own.
 */
import { Strategy, type StrategyInput } from "../../../events/strategy";

export type StrategyField = keyof Strategy;

export const NUMBER_FIELDS = [
  "research_interval_days",
  "max_difficulty",
  "min_volume",
  "max_articles_per_cycle",
  "max_active_runs",
  "max_runs_per_day",
  "performance_check_days",
  "refresh_min_clicks",
  "refresh_max_position",
  "refresh_check_after_days",
  "refresh_max_per_week",
] as const satisfies readonly StrategyField[];
type NumberField = (typeof NUMBER_FIELDS)[number];

/** What the inputs hold. */
export type StrategyDraft = Record<NumberField, string> & {
  cycle_cron: string;
  /** One keyword per line. */
  seed_keywords: string;
  template: string;
  require_approval: boolean;
  social_enabled: boolean;
};

export type FieldErrors = Partial<Record<StrategyField, string[]>>;

export type DraftCheck =
  | { ok: true; strategy: Strategy; input: StrategyInput }
  | { ok: false; errors: FieldErrors; input: StrategyInput };

export function toDraft(strategy: Strategy): StrategyDraft {
  return {
    cycle_cron: strategy.cycle_cron,
    research_interval_days: String(strategy.research_interval_days),
    seed_keywords: strategy.seed_keywords.join("\n"),
    max_difficulty: String(strategy.max_difficulty),
    min_volume: String(strategy.min_volume),
    max_articles_per_cycle: String(strategy.max_articles_per_cycle),
    max_active_runs: String(strategy.max_active_runs),
    max_runs_per_day: String(strategy.max_runs_per_day),
    template: strategy.template,
    require_approval: strategy.require_approval,
    social_enabled: strategy.social_enabled,
    performance_check_days: String(strategy.performance_check_days),
    refresh_min_clicks: String(strategy.refresh_min_clicks),
    refresh_max_position: String(strategy.refresh_max_position),
    refresh_check_after_days: String(strategy.refresh_check_after_days),
    refresh_max_per_week: String(strategy.refresh_max_per_week),
  };
}

/** The keywords of the textarea: one per line, blank lines ignored. */
export function keywordLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The strategy the draft describes, as the API would receive it. */
export function draftInput(draft: StrategyDraft): StrategyInput {
  const numbers: Partial<Record<NumberField, number>> = {};
  for (const field of NUMBER_FIELDS) {
    const text = draft[field].trim();
    // An empty box is an error below, not "use the default": nothing changes unseen.
    if (text !== "") numbers[field] = Number(text);
  }
  return {
    cycle_cron: draft.cycle_cron,
    seed_keywords: keywordLines(draft.seed_keywords),
    template: draft.template.trim(),
    require_approval: draft.require_approval,
    social_enabled: draft.social_enabled,
    ...numbers,
  };
}

function add(errors: FieldErrors, field: StrategyField, message: string): void {
  const list = errors[field] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[field] = list;
}

function isField(name: PropertyKey | undefined): name is StrategyField {
  return typeof name === "string" && name in Strategy.shape;
}

/**
 * Maps field errors (the schema's issues, or a 422's `errors[]` with paths like
 * `seed_keywords.2`) to form fields; a keyword's index becomes its line number.
 */
export function errorsByField(
  issues: readonly { path: readonly PropertyKey[] | string; message: string }[],
): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path =
      typeof issue.path === "string" ? issue.path.split(/[./]/).filter(Boolean) : issue.path;
    const [field, index] = path;
    if (!isField(field)) {
      other.push(issue.message);
      continue;
    }
    const line = field === "seed_keywords" && index !== undefined ? Number(index) + 1 : null;
    add(
      fields,
      field,
      line !== null && Number.isFinite(line) ? `line ${line}: ${issue.message}` : issue.message,
    );
  }
  return { fields, other };
}

/** Checks a draft with the agent's own schema (and that no number box is empty). */
export function checkDraft(draft: StrategyDraft): DraftCheck {
  const input = draftInput(draft);
  const errors: FieldErrors = {};
  for (const field of NUMBER_FIELDS) {
    if (draft[field].trim() === "") add(errors, field, "enter a number");
  }
  const parsed = Strategy.safeParse(input);
  if (!parsed.success) {
    const { fields } = errorsByField(parsed.error.issues);
    for (const [field, messages] of Object.entries(fields) as [StrategyField, string[]][]) {
      for (const message of messages) add(errors, field, message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors, input };
  return { ok: true, strategy: parsed.data, input };
}

/** One field that differs between two strategies. */
export type StrategyChange = { field: StrategyField; before: string; after: string };

function show(value: Strategy[StrategyField]): string {
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(", ");
  return String(value);
}

/** The fields that differ from `before` to `after`, in the schema's order. */
export function diffStrategies(before: Strategy, after: Strategy): StrategyChange[] {
  const changes: StrategyChange[] = [];
  for (const field of Object.keys(Strategy.shape) as StrategyField[]) {
    const a = show(before[field]);
    const b = show(after[field]);
    if (a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/** Field names as people read them. */
export const FIELD_LABELS: Record<StrategyField, string> = {
  cycle_cron: "Cycle schedule (cron, UTC)",
  research_interval_days: "Research every (days)",
  seed_keywords: "Seed keywords",
  max_difficulty: "Maximum difficulty",
  min_volume: "Minimum monthly volume",
  max_articles_per_cycle: "Articles per cycle",
  max_active_runs: "Runs under way at most",
  max_runs_per_day: "Runs a day at most",
  template: "Article template",
  require_approval: "Require approval before publishing",
  social_enabled: "Announce on social accounts",
  performance_check_days: "Check performance after (days)",
  refresh_min_clicks: "Refresh below (clicks a period)",
  refresh_max_position: "Refresh beyond (average position)",
  refresh_check_after_days: "Judge pages after (days live)",
  refresh_max_per_week: "Refreshes a week at most",
};
