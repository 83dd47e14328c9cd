import type { FieldError } from "../../events";
import type { Strategy, VersionedStrategy } from "../../events/strategy";
import { addToOutbox } from "../../platform/sqlite/outbox";
import { decideStrategyUpdated } from "./decide-reports";
import { addToFeed } from "./feed";
import { appendStrategy, currentStrategy } from "./strategy-store";

/** The answer to a strategy edit: the version in force, or why the strategy is invalid. */
export type StrategyChange =
  | ({ ok: true; changed: boolean } & VersionedStrategy)
  | { ok: false; errors: FieldError[] };

/**
 * Stores a strategy as the next version, with `strategy.updated` in the outbox, in one
 * transaction. A strategy equal to the one in force makes no version (a repeated PUT
 * is harmless).
 */
export function changeStrategy(
  storage: DurableObjectStorage,
  tenantId: string,
  strategy: Strategy,
  note: string,
  at: Date,
  author: string | null = null,
): { changed: boolean } & VersionedStrategy {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    const current = currentStrategy(sql);
    if (current.version > 0 && JSON.stringify(current.strategy) === JSON.stringify(strategy))
      return { changed: false, ...current };
    const next = appendStrategy(sql, strategy, note, at.toISOString(), author);
    const updated = decideStrategyUpdated(tenantId, next.version, {
      now: () => at,
      newId: () => crypto.randomUUID(),
    });
    if (updated) addToOutbox(sql, updated, at.getTime());
    addToFeed(sql, {
      at: at.toISOString(),
      kind: "strategy",
      text: `strategy v${next.version} (${note})`,
      correlation_id: null,
    });
    return { changed: true, ...next };
  });
}
