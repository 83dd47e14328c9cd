import { DurableObject } from "cloudflare:workers";
import { createMessage, type Message } from "../../events";
import { sendBundled } from "../../platform/queues/send-all";
import { markProcessed, pruneProcessed } from "../../platform/sqlite/dedup";
import { migrate } from "../../platform/sqlite/migrations";
import {
  addToOutbox,
  type FlushResult,
  flushOutbox,
  type OutboxStatus,
  outboxStatus,
  pruneSentOutbox,
} from "../../platform/sqlite/outbox";
import { keywordMetrics, normalizeKeyword, researchId } from "./metrics";
import { researchMigrations } from "./schema";

/** One researched keyword, as the read API returns it. */
export type ResearchRecord = {
  research_id: string;
  tenant_id: string;
  keyword: string;
  difficulty: number;
  volume: number;
  intent: string;
  researched_at: string;
};

export type CommandOutcome = { event_id: string; status: "researched" | "duplicate" };

/** The `source` of what this service sends. */
export const RESEARCH_SOURCE = "research";
const RETRY_FLUSH_MS = 5_000;
const UPKEEP_MS = 24 * 60 * 60 * 1000;
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The reference research service: one SQLite Durable Object per tenant (a shard of
 * the service's storage, named by tenant id). It researches each command once (dedup
 * on event_id), stores the metrics with the keyword as natural key, and emits
 * `research.completed` through its own outbox to the events queue.
 */
export class ResearchService extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, researchMigrations);
  }

  /** Researches a batch of commands for this shard's tenant; each event_id at most once. */
  async research(commands: Message<"research.requested">[]): Promise<CommandOutcome[]> {
    const sql = this.ctx.storage.sql;
    const now = new Date();
    const outcomes = this.ctx.storage.transactionSync(() =>
      commands.map((command): CommandOutcome => {
        if (!markProcessed(sql, command.event_id, command.type, now.getTime()))
          return { event_id: command.event_id, status: "duplicate" };
        const ids = command.payload.keywords.map((keyword) => this.store(command, keyword, now));
        const unique = [...new Set(ids)];
        addToOutbox(
          sql,
          createMessage(
            "research.completed",
            { research_ids: unique, keywords_researched: unique.length },
            { tenant_id: command.tenant_id, source: RESEARCH_SOURCE, cause: command },
          ),
          now.getTime(),
        );
        return { event_id: command.event_id, status: "researched" };
      }),
    );
    // Set in the same turn as the commit, before the send: should the process die while
    // sending, this alarm (kept on disk) sends the answers once the shard is back.
    if (outcomes.some((o) => o.status === "researched")) {
      await this.ctx.storage.setAlarm(Date.now() + RETRY_FLUSH_MS);
    }
    await this.flush();
    return outcomes;
  }

  /** What waits in this shard's outbox (an operator's check that nothing is stuck). */
  async pendingOutbox(): Promise<OutboxStatus> {
    return outboxStatus(this.ctx.storage.sql);
  }

  /** The read API: researched keywords by id; unknown ids are left out. */
  async read(ids: string[]): Promise<ResearchRecord[]> {
    const unique = [...new Set(ids)].slice(0, 100);
    if (unique.length === 0) return [];
    return this.ctx.storage.sql
      .exec<ResearchRecord>(
        `SELECT research_id, tenant_id, keyword, difficulty, volume, intent, researched_at FROM research
         WHERE research_id IN (${unique.map(() => "?").join(",")})`,
        ...unique,
      )
      .toArray();
  }

  /**
   * Sends what the outbox holds. A failed send is tried again from an alarm in a few
   * seconds; otherwise a daily alarm prunes dedup and sent rows while there are any.
   */
  async flush(): Promise<FlushResult> {
    const result = await flushOutbox(
      this.ctx.storage.sql,
      (messages) => sendBundled(this.env.EVENTS_QUEUE, messages),
      Date.now(),
    );
    if (result.error || result.pending > 0) {
      await this.ctx.storage.setAlarm(Date.now() + RETRY_FLUSH_MS);
    } else if ((await this.ctx.storage.getAlarm()) === null && this.holdsRows()) {
      await this.ctx.storage.setAlarm(Date.now() + UPKEEP_MS);
    }
    return result;
  }

  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    pruneProcessed(sql, Date.now() - RETENTION_MS);
    pruneSentOutbox(sql, Date.now() - RETENTION_MS);
    await this.flush();
  }

  private holdsRows(): boolean {
    return (
      this.ctx.storage.sql
        .exec<{ n: number }>(
          "SELECT (SELECT COUNT(*) FROM processed_events) + (SELECT COUNT(*) FROM outbox) AS n",
        )
        .one().n > 0
    );
  }

  private store(command: Message<"research.requested">, keyword: string, now: Date): string {
    const id = researchId(command.tenant_id, keyword);
    const { difficulty, volume, intent } = keywordMetrics(keyword);
    this.ctx.storage.sql.exec(
      `INSERT INTO research (keyword_key, research_id, tenant_id, keyword, difficulty, volume, intent, researched_at, command_event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (keyword_key) DO UPDATE SET researched_at = excluded.researched_at,
         command_event_id = excluded.command_event_id, difficulty = excluded.difficulty,
         volume = excluded.volume, intent = excluded.intent`,
      normalizeKeyword(keyword),
      id,
      command.tenant_id,
      keyword.trim(),
      difficulty,
      volume,
      intent,
      now.toISOString(),
      command.event_id,
    );
    return id;
  }
}
