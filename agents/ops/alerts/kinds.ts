import { z } from "zod";
import { TenantId } from "../../../events";
import {
  emptyHistogram,
  type Histogram,
  LATENCY_BUCKETS_MS,
  percentile,
} from "../../../events/histogram";
import { budgetedTenants, readBudgetStatuses } from "../budgets";
import { ALL_SCOPE, readCounts } from "../dead-letter-counts";
import { quotaRefusalsSince } from "../quota-refusals";
import { bucketOf } from "../series";
import { failedRunsLastHour } from "./failed-runs";

/**
 * The kinds of alert rule, one entry each: its parameters (a zod schema), what it
 * observes in the OpsAgent's tables, and when that breaches. A rule is `{ kind, params }`
 * plus `enabled` and `for_seconds`; adding a kind is one `defineKind` below and its
 * name in `KINDS`.
 */

/** A kind's parameters are flat: names to numbers or strings. */
export type ParamValues = { [name: string]: string | number | undefined };

/** What a rule saw for one subject: `""` is the whole platform, else a tenant id. */
export type Observation = { subject: string; value: number | null };

type KindSpec<K extends string, P extends z.ZodType<ParamValues>> = {
  kind: K;
  /** One line for the console and the API. */
  description: string;
  params: P;
  /** Parameters that make sense, shown as a starting point in the console. */
  example: z.output<P>;
  /** True when the rule judges each tenant apart (a state, and events, per tenant). */
  perTenant: boolean;
  observe(sql: SqlStorage, params: z.output<P>, nowMs: number): Observation[];
  /** The number the value is compared with (sent with every event). */
  threshold(params: z.output<P>): number;
  /** One line saying what was seen, for the events and the console. */
  describe(params: z.output<P>, seen: Observation): string;
};

/** Bounds of every rule, whatever its kind. */
export const MAX_FOR_SECONDS = 24 * 60 * 60;

function defineKind<K extends string, P extends z.ZodType<ParamValues>>(spec: KindSpec<K, P>) {
  return {
    ...spec,
    /** The rule as `PUT /api/alerts/rules/:id` takes it. */
    schema: z.strictObject({
      kind: z.literal(spec.kind),
      params: spec.params,
      enabled: z.boolean().default(true),
      /** How long the condition must hold, evaluation after evaluation, before it fires. */
      for_seconds: z.number().int().min(0).max(MAX_FOR_SECONDS).default(0),
    }),
  };
}

const QueueName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a queue name, e.g. publish-commands");
const Count = z.number().int().min(0).max(1_000_000_000);

const deadLettersAbove = defineKind({
  kind: "dead_letters_above",
  description: "Dead letters waiting (on one queue, or in the whole store) above a count",
  params: z.strictObject({ queue: QueueName.optional(), above: Count }),
  example: { above: 0 },
  perTenant: false,
  observe(sql, params) {
    const value =
      params.queue === undefined
        ? readCounts(sql, ALL_SCOPE).letters
        : sql
            .exec<{ n: number }>(
              "SELECT COUNT(*) AS n FROM dead_letters WHERE queue = ?",
              params.queue,
            )
            .one().n;
    return [{ subject: "", value }];
  },
  threshold: (params) => params.above,
  describe: (params, seen) =>
    `${seen.value ?? 0} dead letters waiting${params.queue ? ` from ${params.queue}` : ""} (alert above ${params.above})`,
});

const failedRunsPerHour = defineKind({
  kind: "failed_runs_per_hour",
  description: "Runs that failed in the last hour, per tenant (or one tenant), above a count",
  params: z.strictObject({ tenant: TenantId.optional(), above: Count }),
  example: { above: 5 },
  perTenant: true,
  observe(sql, params, nowMs) {
    const failed = failedRunsLastHour(sql, nowMs);
    if (params.tenant !== undefined) {
      return [{ subject: params.tenant, value: failed.get(params.tenant) ?? 0 }];
    }
    return [...failed].map(([subject, value]) => ({ subject, value }));
  },
  threshold: (params) => params.above,
  describe: (params, seen) =>
    `${seen.value ?? 0} failed runs in the last hour for ${seen.subject} (alert above ${params.above})`,
});

const p99Above = defineKind({
  kind: "p99_above",
  description: "A queue's handler or queue-wait p99 over the last minutes above a time",
  params: z.strictObject({
    queue: QueueName,
    latency: z.enum(["handler", "wait"]).default("handler"),
    above_ms: z
      .number()
      .positive()
      .max(LATENCY_BUCKETS_MS.at(-1) ?? 300_000),
    minutes: z.number().int().min(1).max(60).default(5),
  }),
  example: { queue: "events", latency: "handler", above_ms: 500, minutes: 5 },
  perTenant: false,
  observe(sql, params, nowMs) {
    const column = params.latency === "handler" ? "handler_ms" : "wait_ms";
    const merged = emptyHistogram();
    const rows = sql
      .exec<{ histogram: string }>(
        `SELECT ${column} AS histogram FROM metrics_series WHERE queue = ? AND bucket >= ?`,
        params.queue,
        bucketOf(nowMs - params.minutes * 60_000),
      )
      .toArray();
    for (const row of rows) addInto(merged, row.histogram);
    return [{ subject: "", value: percentile(merged, 99) }];
  },
  threshold: (params) => params.above_ms,
  describe: (params, seen) =>
    seen.value === null
      ? `no ${params.latency} latencies on ${params.queue} in the last ${params.minutes} min`
      : `${params.queue} ${params.latency} p99 ${seen.value} ms over the last ${params.minutes} min (alert above ${params.above_ms} ms)`,
});

const budgetReached = defineKind({
  kind: "budget_reached",
  description: "A tenant's spend this month reached 80 % or 100 % of its budget",
  params: z.strictObject({
    tenant: TenantId.optional(),
    percent: z.union([z.literal(80), z.literal(100)]).default(100),
  }),
  example: { percent: 80 },
  perTenant: true,
  observe(sql, params, nowMs) {
    const ids = params.tenant === undefined ? budgetedTenants(sql) : [params.tenant];
    // The value is the threshold the spend reached (0, 80, 100: budget-status.ts), so
    // "above percent − 0.5" reads as "reached percent".
    return [...readBudgetStatuses(sql, ids, nowMs)]
      .filter(([, status]) => status.budget !== null)
      .map(([subject, status]) => ({ subject, value: status.level }));
  },
  threshold: (params) => params.percent - 0.5,
  describe: (params, seen) =>
    `${seen.subject} reached ${seen.value ?? 0} % of its monthly budget (alert at ${params.percent} %)`,
});

const tenantHeldByQuota = defineKind({
  kind: "tenant_held_by_quota",
  description:
    "Requests refused for a tenant's quota (events, cycles, actions) over the last minutes, above a count",
  params: z.strictObject({
    tenant: TenantId.optional(),
    above: Count.default(0),
    minutes: z.number().int().min(1).max(60).default(5),
  }),
  example: { above: 0, minutes: 5 },
  perTenant: true,
  observe(sql, params, nowMs) {
    const refused = quotaRefusalsSince(sql, params.minutes, nowMs);
    if (params.tenant !== undefined) {
      return [{ subject: params.tenant, value: refused.get(params.tenant) ?? 0 }];
    }
    return [...refused].map(([subject, value]) => ({ subject, value }));
  },
  threshold: (params) => params.above,
  describe: (params, seen) =>
    `${seen.value ?? 0} requests refused for ${seen.subject}'s quota in the last ${params.minutes} min (alert above ${params.above})`,
});

/** Adds a stored histogram (JSON counts) into `into`; anything else adds nothing. */
function addInto(into: Histogram, text: string): void {
  const counts = JSON.parse(text) as unknown;
  if (!Array.isArray(counts)) return;
  counts.forEach((n: unknown, i) => {
    if (typeof n === "number" && i < into.length) into[i] = (into[i] ?? 0) + n;
  });
}

/** Every kind; the order is the console's. */
export const KINDS = [
  deadLettersAbove,
  failedRunsPerHour,
  p99Above,
  budgetReached,
  tenantHeldByQuota,
] as const;

type Kind = (typeof KINDS)[number];
export type AlertKind = Kind["kind"];
type Schemas<T extends readonly Kind[]> = { -readonly [I in keyof T]: T[I]["schema"] };

/** A rule's definition as the API takes it: one of the kinds, with its parameters. */
export const AlertRuleInput = z.discriminatedUnion(
  "kind",
  KINDS.map((k) => k.schema) as Schemas<typeof KINDS>,
);
export type AlertRuleInput = z.output<typeof AlertRuleInput>;

/** A kind that judges stored parameters: they were checked by its schema when written. */
export type CheckedKind = {
  kind: string;
  perTenant: boolean;
  /** The parameters read back, or a problem when this kind no longer takes them. */
  parse(params: unknown): { ok: true; params: ParamValues } | { ok: false; error: string };
  observe(sql: SqlStorage, params: ParamValues, nowMs: number): Observation[];
  threshold(params: ParamValues): number;
  describe(params: ParamValues, seen: Observation): string;
};

/** The kind of this name, to judge stored rules with; undefined for a kind that is gone. */
export function kindNamed(name: string): CheckedKind | undefined {
  const found = KINDS.find((k) => k.kind === name);
  if (!found) return undefined;
  // The parameters handed back are the ones `parse` produced with this kind's schema.
  const spec = found as unknown as KindSpec<string, z.ZodType<ParamValues>>;
  return {
    kind: spec.kind,
    perTenant: spec.perTenant,
    parse(params) {
      const parsed = spec.params.safeParse(params);
      return parsed.success
        ? { ok: true, params: parsed.data }
        : { ok: false, error: parsed.error.issues[0]?.message ?? "invalid parameters" };
    },
    observe: (sql, params, nowMs) => spec.observe(sql, params, nowMs),
    threshold: (params) => spec.threshold(params),
    describe: (params, seen) => spec.describe(params, seen),
  };
}

/** The kinds as the console lists them. */
export function kindCatalog(): {
  kind: string;
  description: string;
  per_tenant: boolean;
  example: Record<string, string | number>;
}[] {
  return KINDS.map((k) => ({
    kind: k.kind,
    description: k.description,
    per_tenant: k.perTenant,
    example: { ...k.example } as Record<string, string | number>,
  }));
}
