import { OpsAgentMetrics } from "./ops/agent-metrics";
import { evaluateRules } from "./ops/alerts/evaluate";
import { type AlertEvent, type AlertEventFilter, readEvents } from "./ops/alerts/events";
import type { AlertRuleInput } from "./ops/alerts/kinds";
import { deleteRule, type PutRuleResult, putRule } from "./ops/alerts/manage";
import {
  type AlertDelivery,
  type DeliveryStatus,
  deliverDue,
  listDeliveries,
  type PassResult,
  type RedriveOutcome,
  redriveDelivery,
} from "./ops/alerts/outbox";
import { type AlertsOverview, readOverview } from "./ops/alerts/overview";
import { wakeOutboxAt } from "./ops/alerts/schedules";
import { fetchSender } from "./ops/alerts/sender";
import {
  type AlertWebhook,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  MAX_WEBHOOKS,
} from "./ops/alerts/webhooks";

/**
 * The one operator agent, named "main": tenant registry, tenant settings for routing,
 * dead-letter store, queue metrics and the billable-operation meter, route-table hit
 * counts, a bounded live feed of platform events, and the tenants' coalesced summaries
 * with their activity lines. Table logic lives in `ops/`; this is the RPC shell.
 *
 * One Durable Object class in layers, each a file with one job: `ops/agent-base.ts`
 * (lifecycle, published state, helpers) → `ops/agent-tenants.ts` (registry, budgets,
 * summaries, audit) → `ops/agent-metrics.ts` (metrics, feed, dead letters) → this file
 * (alerts: rules, evaluation, webhooks, deliveries).
 */
export class OpsAgent extends OpsAgentMetrics {
  // Alerts (ops/alerts/): rules as data, evaluated on a schedule, each firing and
  // resolving delivered to every webhook from the outbox, signed and retried.

  /** The rules with their states, recent events, kinds and delivery counts. */
  async listAlerts(): Promise<AlertsOverview> {
    this.outage.refuse();
    return readOverview(this.ctx.storage.sql, {
      evaluate_every_seconds: this.alertEvaluateSeconds(),
      retry_base_ms: this.alertRetryBaseMs(),
    });
  }

  /** Creates or replaces a rule (disabling a firing one resolves it). Only a test passes the time. */
  async putAlertRule(
    id: string,
    input: AlertRuleInput,
    nowMs = Date.now(),
  ): Promise<PutRuleResult> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const result = this.ctx.storage.transactionSync(() => putRule(sql, id, input, nowMs));
    await this.reconcileAlertEvaluation();
    if (result.ok && result.events.length > 0) await this.alertsChanged(nowMs);
    return result;
  }

  /** Deletes a rule (resolving what it had firing); false when there is none. */
  async deleteAlertRule(id: string, nowMs = Date.now()): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const { deleted, events } = this.ctx.storage.transactionSync(() => deleteRule(sql, id, nowMs));
    await this.reconcileAlertEvaluation();
    if (events.length > 0) await this.alertsChanged(nowMs);
    return deleted;
  }

  /**
   * Evaluates every enabled rule (the interval schedule's callback), then sends what the
   * transitions made. A schedule passes its payload; only a test passes the time.
   */
  async evaluateAlerts(_payload?: unknown, now?: unknown): Promise<number> {
    this.outage.refuse();
    const nowMs = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    const events = this.ctx.storage.transactionSync(() => evaluateRules(sql, nowMs));
    if (events.length > 0) await this.alertsChanged(nowMs);
    return events.length;
  }

  /** Sends the deliveries that are due (the outbox's wake), then sets the next wake. */
  async deliverAlerts(_payload?: unknown, now?: unknown): Promise<PassResult> {
    this.outage.refuse();
    const nowMs = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    const pass = await deliverDue(sql, fetchSender, nowMs, this.alertRetryBaseMs());
    if (pass.nextDueMs !== null) await wakeOutboxAt(this.alertScheduling(), pass.nextDueMs, nowMs);
    if (pass.delivered + pass.dead > 0) this.publish({ alertsChanged: true });
    return pass;
  }

  /** Adds a webhook; its signing secret is answered here only. */
  async createAlertWebhook(url: string): Promise<(AlertWebhook & { secret: string }) | null> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    if (listWebhooks(sql).length >= MAX_WEBHOOKS) return null;
    return createWebhook(sql, url, new Date().toISOString());
  }

  async listAlertWebhooks(): Promise<AlertWebhook[]> {
    this.outage.refuse();
    return listWebhooks(this.ctx.storage.sql);
  }

  /** Removes a webhook; its pending deliveries become dead. False when there is none. */
  async deleteAlertWebhook(id: string): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const at = new Date().toISOString();
    const deleted = this.ctx.storage.transactionSync(() => deleteWebhook(sql, id, at));
    if (deleted) this.publish({ alertsChanged: true });
    return deleted;
  }

  /** Alert events, newest first, of one rule or tenant or all, older than `before` when given. */
  async listAlertEvents(limit: number, filter: AlertEventFilter = {}): Promise<AlertEvent[]> {
    this.outage.refuse();
    return readEvents(this.ctx.storage.sql, limit, filter);
  }

  /** Deliveries, newest first, of one status or all, older than `before` when given. */
  async listAlertDeliveries(query: {
    status?: DeliveryStatus;
    before?: number;
    limit: number;
  }): Promise<AlertDelivery[]> {
    this.outage.refuse();
    return listDeliveries(this.ctx.storage.sql, query);
  }

  /** Gives a dead delivery a fresh set of attempts and wakes the outbox at once. */
  async redriveAlertDelivery(id: number, nowMs = Date.now()): Promise<RedriveOutcome> {
    this.outage.refuse();
    const outcome = redriveDelivery(this.ctx.storage.sql, id, nowMs);
    if (outcome === "redriven") {
      await wakeOutboxAt(this.alertScheduling(), nowMs, nowMs);
      this.publish({ alertsChanged: true });
    }
    return outcome;
  }
}
