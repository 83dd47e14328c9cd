import { Cron } from "croner";
import { z } from "zod";

// The tenant's strategy: what its agent researches, how it picks keywords and how often
// it cycles. Only zod and croner (both run in browsers, Node and Workers), so the
// dashboard can import this file to build and check its strategy form.

/** Cron nicknames both croner and the Agents SDK scheduler (cron-schedule) understand. */
const NICKNAMES = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly"]);
/** One cron field: digits, `*`, `,`, `/`, `-` and month or weekday names; nothing else. */
const FIELD =
  /^(?:[0-9*,/-]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)+$/i;

/**
 * Why a cron expression cannot drive a tenant's cycle, or undefined when it can. Five
 * fields (minute hour day-of-month month day-of-week, in UTC) or a nickname; the
 * extensions only some parsers know (`L`, `W`, `#`, `?`, seconds) are refused because
 * the agent's scheduler must read the expression the same way croner does.
 */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (!NICKNAMES.has(trimmed.toLowerCase())) {
    const fields = trimmed.split(/\s+/);
    if (fields.length !== 5)
      return `must have 5 fields (minute hour day month weekday), not ${fields.length}`;
    const odd = fields.find((field) => !FIELD.test(field));
    if (odd !== undefined) return `field "${odd}" uses syntax this scheduler does not support`;
  }
  try {
    const next = new Cron(trimmed, { mode: "5-part", timezone: "UTC", paused: true }).nextRun();
    if (!next) return "never fires";
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error);
  }
  return undefined;
}

/** A cron expression the agent's scheduler can run (see `cronProblem`). */
export const CycleCron = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem)
      ctx.addIssue({ code: "custom", message: `not a valid cron expression: ${problem}` });
  });

/** Keywords compare case- and space-insensitively: "Budget  Apps" is "budget apps". */
export function keywordKey(keyword: string): string {
  return keyword.trim().replace(/\s+/g, " ").toLowerCase();
}

const SeedKeyword = z.string().trim().min(1).max(100);

/** The tenant-editable strategy (DESIGN §6), every field with a default. */
export const Strategy = z.strictObject({
  /** When the tenant's cycle runs, in UTC. */
  cycle_cron: CycleCron.default("0 6 * * *"),
  /** Research is requested again once this many days passed since the last request; 0 = every cycle. */
  research_interval_days: z.number().int().min(0).max(365).default(7),
  /** The keywords research starts from (at most 50: one research request carries them all). */
  seed_keywords: z
    .array(SeedKeyword)
    .max(50)
    .default([])
    .superRefine((keywords, ctx) => {
      const seen = new Set<string>();
      keywords.forEach((keyword, index) => {
        const key = keywordKey(keyword);
        if (seen.has(key))
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `duplicate keyword "${keyword}"`,
          });
        seen.add(key);
      });
    }),
  /** A keyword is kept only when its difficulty (0–100) is below this. */
  max_difficulty: z.number().int().min(0).max(100).default(40),
  /** A keyword is kept only when its monthly search volume is above this. */
  min_volume: z.number().int().min(0).max(100_000_000).default(100),
  /** At most this many articles are started from one research result. */
  max_articles_per_cycle: z.number().int().min(0).max(20).default(3),
  /** At most this many content runs under way at once; more wait for a later cycle. */
  max_active_runs: z.number().int().min(1).max(50).default(10),
  /** At most this many content runs started per UTC day (refreshes included). */
  max_runs_per_day: z.number().int().min(0).max(500).default(100),
  /** The article template the content runs use. */
  template: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be a lowercase slug")
    .default("guide"),
  /** Whether each article waits for a person's approval before it is published. */
  require_approval: z.boolean().default(false),
  /** Whether published articles are announced on social accounts. */
  social_enabled: z.boolean().default(true),
  /** Days after publishing (and between checks) before a page's performance is checked; 0 = every cycle. */
  performance_check_days: z.number().int().min(0).max(365).default(28),
  // Refreshing: analytics judges each performance report against these and asks the agent
  // to rewrite a page that underperforms; the agent keeps to the weekly budget.
  /** A page live at least `refresh_check_after_days` underperforms with fewer clicks than this over the report's period. */
  refresh_min_clicks: z.number().int().min(0).max(1_000_000).default(10),
  /** …or with an average search position worse (higher) than this; a page that did not rank is worse than any. */
  refresh_max_position: z.number().int().min(1).max(100).default(20),
  /** Days a page is live (since it was last published) before its reports are judged; 0 = at once. */
  refresh_check_after_days: z.number().int().min(0).max(365).default(28),
  /** At most this many refreshes started in any 7 days; 0 = never refresh. */
  refresh_max_per_week: z.number().int().min(0).max(50).default(2),
});
export type Strategy = z.infer<typeof Strategy>;
/** What a client may send: every field optional, the defaults fill in the rest. */
export type StrategyInput = z.input<typeof Strategy>;

/** The fields analytics judges a performance report by (services/analytics/judge.ts). */
export const RefreshThresholds = Strategy.pick({
  refresh_min_clicks: true,
  refresh_max_position: true,
  refresh_check_after_days: true,
});
export type RefreshThresholds = z.infer<typeof RefreshThresholds>;

/** The strategy a tenant starts with. */
export const defaultStrategy: Strategy = Strategy.parse({});

/** A strategy with its version number, as the API returns it. */
export type VersionedStrategy = { version: number; strategy: Strategy };

/** One entry of a tenant's strategy history. */
export type StrategyVersion = VersionedStrategy & {
  created_at: string;
  /** Why this version exists: "created", "updated", "rolled back to v2". */
  note: string;
  /** Who made it: the token's subject; null for versions from before authors were kept. */
  author: string | null;
};
