import { createMessage, type Message } from "../../events";
import { log } from "../../platform/log";
import { processedOf } from "../../platform/sqlite/dedup-partitions";
import { TenantAgentBase } from "./agent-base";
import {
  type ApplyOptions,
  type ApplyResult,
  RELEASE_CHUNK,
  RELEASE_CHUNKS_PER_CALL,
  RETRY_SECONDS,
} from "./agent-settings";
import { applyMessages, researchToRead } from "./apply";
import { AGENT_SOURCE } from "./decide";
import { addToFeed } from "./feed";
import {
  type DeliveryHold,
  exportTables,
  forgetHeld,
  type HeldSummary,
  hasHeld,
  holdMessages,
  holdText,
  nextHeld,
  readHeld,
  readHold,
  type TenantExport,
  writeHold,
} from "./pause";
import { researchReader } from "./research-reader";
import { writePauseRunHold } from "./run-hold";
import { currentStrategy } from "./strategy-store";
import { addedTo, readTraffic, writeTraffic } from "./traffic";

/**
 * The tenant agent's messages: a batch applied once per event id (or held, while the
 * tenant is paused), pause, resume and archive, and the cycle a request or the cron
 * schedule opens.
 */
export abstract class TenantAgentMessages extends TenantAgentBase {
  // ── messages ────────────────────────────────────────────────────────────────────

  /**
   * Applies a batch of messages for this tenant, each event_id at most once however
   * often it is delivered. One call per tenant per queue batch keeps the per-call cost
   * flat. Research named by a `research.completed` is read first (outside the
   * transaction); if the research service cannot answer, nothing is applied and the
   * batch is retried.
   */
  async applyEvents(messages: Message[], options: ApplyOptions = {}): Promise<ApplyResult> {
    // Paused, archived, or still releasing what a pause held: kept, in order (tenant/pause.ts).
    if (messages.length > 0 && readHold(this.ctx.storage.sql) !== null) {
      return this.holdEvents(messages);
    }
    return this.applyNow(messages, options);
  }

  /** The normal apply path; `released` deletes the held rows it applies in its transaction. */
  protected async applyNow(
    messages: Message[],
    options: ApplyOptions,
    released?: { upTo: number },
  ): Promise<ApplyResult> {
    const research = await researchReader(this.env)(
      this.name,
      researchToRead(this.ctx.storage.sql, messages),
    );
    const now = new Date();
    const apply = () =>
      applyMessages(this.ctx.storage, this.name, messages, research, {
        now: () => now,
        newId: () => crypto.randomUUID(),
      });
    const sql = this.ctx.storage.sql;
    const result = released
      ? // One transaction: the chunk is applied and forgotten together, and the hold
        // ends with the last of the backlog (a crash leaves both as they were).
        this.ctx.storage.transactionSync(() => {
          const applied = apply();
          forgetHeld(sql, released.upTo);
          if (!hasHeld(sql) && readHold(sql)?.status === "releasing") writeHold(sql, null);
          return applied;
        })
      : apply();
    // Plain event traffic reaches the OpsAgent with the consumer's metrics; anything
    // more (a decision, a run, a fact) goes in the agent's own summary.
    if (messages.length > 0) {
      await this.afterChange({
        pending: result.pending,
        summary: result.acted || options.totalsReported !== true,
      });
    }
    // Dedup ids are forgotten a week-partition at a time by DROP TABLE, which writes no
    // rows (shared/dedup-partitions.ts): they cost their insert only.
    return { outcomes: result.outcomes, usage: this.meter.take(), totals: result.totals };
  }

  /**
   * A held agent keeps what is delivered, in arrival order, for its resume: answered
   * `held` (the queue acks them), or `duplicate` for one applied or held already.
   */
  protected holdEvents(messages: Message[]): ApplyResult {
    const sql = this.ctx.storage.sql;
    const applied = processedOf(
      sql,
      messages.map((m) => m.event_id),
    );
    const { statuses, totals } = this.ctx.storage.transactionSync(() => {
      const statuses = holdMessages(sql, messages, applied, new Date().toISOString());
      const duplicates = statuses.filter((s) => s === "duplicate").length;
      let totals = readTraffic(sql);
      if (duplicates > 0) {
        totals = addedTo(totals, 0, duplicates);
        writeTraffic(sql, totals);
      }
      return { statuses, totals };
    });
    this.live.changed();
    const outcomes = messages.map((m, i) => ({
      event_id: m.event_id,
      status: statuses[i] ?? "held",
    }));
    return { outcomes, usage: this.meter.take(), totals };
  }

  // ── pause, resume, archive ──────────────────────────────────────────────────────

  /** Whether (and why) the agent is held: paused, archived, or releasing a backlog. */
  async holdStatus(): Promise<HeldSummary> {
    return readHeld(this.ctx.storage.sql, 5);
  }

  /**
   * Pauses the tenant (idempotent: a second pause answers the first) or archives it,
   * which also cancels its cycle schedules. Deliveries are held from now on; new runs
   * wait with the pause as their reason. Archiving a paused tenant archives it.
   */
  async pause(
    status: "paused" | "archived",
    by: string | null,
    reason: string | null,
  ): Promise<{ ok: true; hold: DeliveryHold } | { ok: false; hold: DeliveryHold }> {
    const sql = this.ctx.storage.sql;
    const before = readHold(sql);
    // Pausing an archived tenant would undo its archive: refused, resume it instead.
    if (before?.status === "archived" && status === "paused") return { ok: false, hold: before };
    const at = new Date().toISOString();
    const hold = this.ctx.storage.transactionSync(() => {
      const next: DeliveryHold =
        before?.status === status ? before : { status, since: at, by, reason };
      const written = writeHold(sql, next);
      if (written) {
        writePauseRunHold(sql, { reason: "paused", text: holdText(written), since: written.since });
        if (written !== before) {
          addToFeed(sql, { at, kind: "tenant", text: holdText(written), correlation_id: null });
        }
      }
      return written;
    }) ?? { status, since: at, by, reason };
    if (status === "archived") await this.reconcileSchedule(null);
    await this.afterChange({ pending: false, summary: true });
    return { ok: true, hold };
  }

  /**
   * Resumes a paused or archived tenant: its cycle schedule comes back, held runs start,
   * and held deliveries are applied in their order (a bounded number now, the rest from
   * a schedule). `was` is null when the tenant was not held.
   */
  async resume(): Promise<{ was: DeliveryHold | null; released: number; remaining: number }> {
    const sql = this.ctx.storage.sql;
    const was = readHold(sql);
    if (was === null || was.status === "releasing") {
      return { was: null, released: 0, remaining: 0 };
    }
    const at = new Date().toISOString();
    this.ctx.storage.transactionSync(() => {
      writeHold(sql, hasHeld(sql) ? { ...was, status: "releasing" } : null);
      writePauseRunHold(sql, null);
      const text = `resumed (was ${holdText(was)})`;
      addToFeed(sql, { at, kind: "tenant", text, correlation_id: null });
    });
    await this.reconcileSchedule(currentStrategy(sql).strategy.cycle_cron);
    await this.startRequestedRuns();
    const released = await this.releaseHeld();
    await this.afterChange({ pending: false, summary: true });
    return { was, released, remaining: readHeld(sql, 0).count };
  }

  /**
   * Applies held deliveries in their order, a chunk per transaction (each chunk's rows
   * deleted in the transaction that applies it), up to a bound per call; what remains
   * is released by a schedule. Returns how many were released by this call.
   */
  async releaseHeld(): Promise<number> {
    if (this.releasing) return 0;
    const sql = this.ctx.storage.sql;
    if (readHold(sql)?.status !== "releasing") return 0;
    this.releasing = true;
    let released = 0;
    try {
      for (let i = 0; i < RELEASE_CHUNKS_PER_CALL; i++) {
        // A pause or archive meanwhile holds the rest again.
        if (readHold(sql)?.status !== "releasing") break;
        const chunk = nextHeld(sql, RELEASE_CHUNK);
        if (!chunk) break;
        await this.applyNow(chunk.messages, {}, { upTo: chunk.upTo });
        released += chunk.messages.length;
      }
    } catch (error) {
      log({
        level: "warn",
        msg: "held deliveries not released",
        tenant: this.name,
        error: String(error),
      });
      // Not idempotent: called from that schedule, an idempotent one would fold into the
      // running job and vanish with it (one follow-up per run, so they never pile up).
      await this.schedule(RETRY_SECONDS, "releaseHeld");
      return released;
    } finally {
      this.releasing = false;
    }
    if (readHold(sql)?.status === "releasing") await this.schedule(0, "releaseHeld");
    this.live.changed();
    return released;
  }

  /** Every table of the agent that holds the tenant's data (tenant/pause.ts), for the export. */
  async exportData(): Promise<TenantExport> {
    return exportTables(this.ctx.storage.sql);
  }

  /** Runs a cycle now; returns the chain (correlation_id) it opened. */
  async requestCycle(reason: string): Promise<{ correlation_id: string }> {
    const id = crypto.randomUUID();
    const message = createMessage(
      "cycle.requested",
      { reason },
      { tenant_id: this.name, source: AGENT_SOURCE, correlation_id: id },
      { newId: () => id, now: () => new Date() },
    );
    await this.applyEvents([message]);
    return { correlation_id: id };
  }

  /** The cron schedule's callback; a paused tenant's cycle is skipped, saying why. */
  async runCycle(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const hold = readHold(sql);
    if (hold && hold.status !== "releasing") {
      const text = `scheduled cycle skipped: ${holdText(hold)}`;
      log({ level: "info", msg: text, tenant: this.name });
      addToFeed(sql, { at: new Date().toISOString(), kind: "cycle", text, correlation_id: null });
      await this.afterChange({ pending: false, summary: true });
      return;
    }
    await this.requestCycle("scheduled");
  }
}
