import { z } from "zod";
import { BudgetStatus } from "./budgets";
import { EventLogEntry } from "./event-log";
import { count, maybeCount, maybeText, text } from "./fields";
import { Run } from "./runs";
import { TenantOutbox } from "./tenant-reads";
import { TenantState } from "./tenant-state";
import { HeldSummary, TenantCost, TenantSummary } from "./tenants";

// Answers that carry a tenant's strategy. The strategy's own schema lives beside the
// agent (`agents/tenant/strategy.ts`: it checks cron expressions with croner), so these
// are completed with it: `strategyResponses(Strategy)`, as `strategyPreviewSchema` is.

/**
 * The answers that hold a strategy, completed with the strategy's schema:
 * - `VersionedStrategy`: `GET`/`PUT /api/tenants/:id/strategy` and `POST …/strategy/rollback`;
 * - `StrategyHistory`: `GET …/strategy/versions`, newest first, a page at a time;
 * - `TenantDetail`: `GET /api/tenants/:id`, the tenant with its agent's state, strategy and cost;
 * - `CreatedTenant`: `POST /api/tenants` (`strategy` is null when the agent's setup failed;
 *   the platform sweep finishes it later);
 * - `AgentInspection`: `GET /api/tenants/:id/inspect`, the agent inspector.
 */
export function strategyResponses<S extends z.ZodType>(strategy: S) {
  const VersionedStrategy = z.object({ version: count, strategy });
  const StrategyVersion = z.object({
    version: count,
    strategy,
    created_at: text,
    /** Why this version exists: "created", "updated", "rolled back to v2". */
    note: text,
    /** Who made it: the token's subject; null for versions from before authors were kept. */
    author: maybeText.default(null),
  });
  return {
    VersionedStrategy,
    StrategyHistory: z.object({
      versions: z.array(StrategyVersion),
      /** The `before` of the next (older) page; null on the last page. */
      next_before: maybeCount.default(null),
    }),
    TenantDetail: z.object({
      tenant: TenantSummary,
      state: TenantState,
      strategy: VersionedStrategy,
      /** Null before the tenant's agent was metered (no traffic yet). */
      cost: TenantCost.nullable().default(null),
      /** This month's spend against the tenant's budget. */
      budget: BudgetStatus,
    }),
    CreatedTenant: z.object({ tenant: TenantSummary, strategy: VersionedStrategy.nullable() }),
    AgentInspection: z.object({
      tenant: TenantSummary,
      state: TenantState,
      strategy: VersionedStrategy,
      /** The newest events the agent applied. */
      inbox: z.array(EventLogEntry),
      outbox: TenantOutbox,
      schedules: z.array(
        z.looseObject({
          id: text,
          /** The agent method it calls. */
          callback: text,
          /** `scheduled`, `delayed`, `cron` or `interval`. */
          type: text,
          next_at: text,
          cron: maybeText,
        }),
      ),
      runs: z.array(Run),
      /** What holds the agent (paused, archived, releasing) and the oldest deliveries it holds. */
      held: HeldSummary,
      cost: TenantCost.nullable().default(null),
    }),
  };
}

/** The answers of `strategyResponses`, for a strategy schema `S`. */
export type StrategyResponses<S extends z.ZodType> = ReturnType<typeof strategyResponses<S>>;
