import { DurableObject } from "cloudflare:workers";
import { classifyError, type Message } from "../../events";
import { sendBundled } from "../queues/send-all";
import { markProcessed, processedEventsMigrationSql, pruneProcessed } from "../sqlite/dedup";
import { type Migration, migrate } from "../sqlite/migrations";
import {
  addToOutbox,
  type FlushResult,
  flushOutbox,
  type OutboxStatus,
  outboxMigrationSql,
  outboxStatus,
  pruneSentOutbox,
} from "../sqlite/outbox";

/** What became of one command handed to a service. */
export type CommandOutcome = {
  event_id: string;
  /**
   * applied: done now, its events are in the outbox; duplicate: done before (same
   * event_id or same natural key), nothing new; rejected: can never succeed (dead-letter
   * it); retry: failed this time.
   */
  status: "applied" | "duplicate" | "rejected" | "retry";
  reason?: string;
};

/** What a command's handler decided inside its transaction. */
export type Applied = { duplicate: true } | { duplicate: false; emit: Message[] };

/** Versions 1 and 2 of every service's schema; a service's own tables start at 3. */
const BASE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "dedup", sql: processedEventsMigrationSql },
  { version: 2, name: "outbox", sql: outboxMigrationSql },
];

const DEDUP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const SENT_OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;
const FLUSH_RETRY_MS = 5_000;
/** Old dedup and outbox rows are pruned by a daily alarm. */
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * The shell every reference service shares: one SQLite Durable Object per tenant, a
 * `processed_events` table so each command is applied once, and the transactional
 * outbox its events leave through (to the events queue, for the fan-out to route).
 */
export abstract class ServiceObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env, migrations: readonly Migration[]) {
    super(ctx, env);
    migrate(ctx.storage, [...BASE_MIGRATIONS, ...migrations]);
  }

  protected get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /**
   * Runs each command of a call on its own, then flushes the outbox once: a command
   * that throws comes back as its own outcome (rejected when the error says it can
   * never succeed, retry otherwise), with its reason, and the rest are still applied.
   * (Each command commits in its own transaction, so one that throws leaves nothing.)
   */
  protected async handleEach(
    messages: readonly Message[],
    apply: (message: Message) => Promise<CommandOutcome>,
  ): Promise<CommandOutcome[]> {
    const outcomes: CommandOutcome[] = [];
    for (const message of messages) {
      try {
        outcomes.push(await apply(message));
      } catch (error) {
        const failure = classifyError(error);
        outcomes.push({
          event_id: message.event_id,
          status: failure.kind === "permanent" ? "rejected" : "retry",
          reason: failure.reason,
        });
      }
    }
    await this.flush();
    return outcomes;
  }

  /** Whether this event_id was applied before (a cheap check before slow work). */
  protected seen(eventId: string): boolean {
    return (
      this.sql
        .exec<{ n: number }>(
          "SELECT COUNT(*) AS n FROM processed_events WHERE event_id = ?",
          eventId,
        )
        .one().n > 0
    );
  }

  /**
   * Applies one command at most once: in one transaction it records the event_id,
   * lets `apply` write the service's state (or report a natural-key duplicate), and
   * puts the events to send in the outbox. When it did, an alarm a few seconds out is
   * set in the same turn, before anything is sent: should the process die before the
   * flush, the alarm sends them once the object is back.
   */
  protected async commit(message: Message, apply: (now: Date) => Applied): Promise<CommandOutcome> {
    const now = new Date();
    let queued = 0;
    const outcome = this.ctx.storage.transactionSync((): CommandOutcome => {
      if (!markProcessed(this.sql, message.event_id, message.type, now.getTime())) {
        return { event_id: message.event_id, status: "duplicate" };
      }
      const result = apply(now);
      if (result.duplicate) return { event_id: message.event_id, status: "duplicate" };
      for (const event of result.emit) addToOutbox(this.sql, event, now.getTime());
      queued = result.emit.length;
      return { event_id: message.event_id, status: "applied" };
    });
    if (queued > 0) await this.ctx.storage.setAlarm(now.getTime() + FLUSH_RETRY_MS);
    return outcome;
  }

  /** What waits in this shard's outbox (an operator's check that nothing is stuck). */
  async pendingOutbox(): Promise<OutboxStatus> {
    return outboxStatus(this.sql);
  }

  /**
   * The queue a message leaves by: `events` for the fan-out to route, or
   * `agent-commands` for a command that asks a tenant's agent to act (DESIGN §5).
   */
  protected destination(_message: Message): "events" | "agent-commands" {
    return "events";
  }

  /**
   * Sends the outbox, each message to its destination; if that fails, an alarm tries
   * again shortly. A flush that fails on one queue sends the whole lot again later:
   * receivers dedupe by event_id.
   */
  protected async flush(): Promise<FlushResult> {
    const result = await flushOutbox(
      this.sql,
      async (messages) => {
        const toAgents = messages.filter((m) => this.destination(m) === "agent-commands");
        const toEvents = messages.filter((m) => this.destination(m) === "events");
        if (toEvents.length > 0) await sendBundled(this.env.EVENTS_QUEUE, toEvents);
        if (toAgents.length > 0) await sendBundled(this.env.AGENT_COMMANDS_QUEUE, toAgents);
      },
      Date.now(),
    );
    if (result.error || result.pending > 0) {
      await this.ctx.storage.setAlarm(Date.now() + FLUSH_RETRY_MS);
    } else if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
    }
    return result;
  }

  /** Retries a failed flush; prunes dedup rows after 7 days and sent outbox rows after a day. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    pruneProcessed(this.sql, now - DEDUP_RETENTION_MS);
    pruneSentOutbox(this.sql, now - SENT_OUTBOX_RETENTION_MS);
    await this.flush();
  }
}
