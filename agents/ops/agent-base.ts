import { Agent, type Connection, type ConnectionContext } from "agents";
import { checkForwardedCaller } from "../../events/caller";
import { OPS_UNAVAILABLE } from "../../events/errors";
import {
  ACTIVITY_IN_STATE,
  initialOpsState,
  type OpsState,
  type TenantSummary,
} from "../../events/ops-state";
import { migrate } from "../../platform/sqlite/migrations";
import { StorageMeter } from "../../platform/sqlite/storage-meter";
import { closeExpired, keepCaller } from "../shared/socket-expiry";
import { DEFAULT_RETRY_BASE_MS, type PassResult } from "./alerts/outbox";
import { countRules } from "./alerts/rules";
import {
  type AlertScheduling,
  DEFAULT_EVALUATE_SECONDS,
  DELIVER_CALLBACK,
  EVALUATE_CALLBACK,
  positiveVar,
  reconcileEvaluation,
} from "./alerts/schedules";
import { countDeadLetters } from "./dead-letters";
import { feedHead } from "./feed";
import { MAX_OUTAGE_SECONDS, Outage, type OutageState } from "./outage";
import { opsMigrations } from "./schema";
import { readActivity, readSummaries } from "./summaries";

export type TenantRow = Omit<TenantSummary, "summary">;

/**
 * The operator agent's foundation: its fields (the meter, the outage drill), its
 * lifecycle and sockets, and the helpers every layer uses (the small state it publishes,
 * tenants with their summaries, the alert schedules). The layers above add the tenants,
 * the metrics and dead letters, and `OpsAgent` (agents/ops-agent.ts) the alerts.
 */
export abstract class OpsAgentBase extends Agent<Env, OpsState> {
  override initialState = initialOpsState;

  /**
   * Every row and alarm of this object (SDK included), added to the platform's meter at
   * each metrics flush. Calls whose rows their callers meter run `uncounted`.
   */
  protected readonly meter: StorageMeter;
  /** The outage drill: while it lasts, every call but its own controls is refused. */
  protected readonly outage: Outage;

  constructor(ctx: DurableObjectState, env: Env) {
    const meter = new StorageMeter(ctx.storage);
    super(ctx, env);
    this.meter = meter;
    migrate(ctx.storage, opsMigrations);
    this.outage = new Outage(ctx.storage.kv);
  }

  /** Starts the outage drill for `seconds` (`PUT /api/ops-agent/outage`). */
  async startOutage(seconds: number): Promise<OutageState> {
    return this.outage.start(Math.min(Math.max(1, seconds), MAX_OUTAGE_SECONDS));
  }

  async endOutage(): Promise<OutageState> {
    return this.outage.end();
  }

  async outageState(): Promise<OutageState> {
    return this.outage.state();
  }

  /** On every wake: the alert evaluation's schedule matches the rules and the interval. */
  override async onStart(): Promise<void> {
    await this.reconcileAlertEvaluation();
  }

  override async alarm(): Promise<void> {
    this.meter.alarmRan();
    await super.alarm();
  }

  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Operators only, as the Worker's gate established (docs/SECURITY.md). */
  override async fetch(request: Request): Promise<Response> {
    const down = this.outage.state().unavailable_until;
    if (down !== null) return new Response(`${OPS_UNAVAILABLE} until ${down}`, { status: 503 });
    const check = checkForwardedCaller(request, (caller) => caller.role === "operator");
    return check.ok ? super.fetch(request) : check.response;
  }

  /** Keeps the verified caller on the connection and closes it when its token expires. */
  override async onConnect(connection: Connection, ctx: ConnectionContext): Promise<void> {
    await keepCaller(this, connection, ctx.request.headers);
  }

  /** Closes the connections whose token has expired: `onConnect` schedules it at each expiry. */
  async closeExpiredConnections(_expiry?: unknown, now?: unknown): Promise<number> {
    // A schedule passes its payload and itself; only a test passes the time.
    return closeExpired(this.getConnections(), typeof now === "number" ? now : Date.now());
  }

  /** The alert outbox's pass (the alerts layer); called as soon as events are new. */
  abstract deliverAlerts(_payload?: unknown, now?: unknown): Promise<PassResult>;
  /** The alert rules' evaluation (the alerts layer): the schedule `alertScheduling` sets. */
  abstract evaluateAlerts(_payload?: unknown, now?: unknown): Promise<number>;

  /** New events: the dashboards are told, and the outbox sends them at once. */
  protected async alertsChanged(nowMs: number): Promise<void> {
    this.publish({ alertsChanged: true });
    await this.deliverAlerts(undefined, nowMs);
  }

  /** One evaluation schedule while there are rules, none without. */
  protected async reconcileAlertEvaluation(): Promise<void> {
    const wanted = countRules(this.ctx.storage.sql) > 0;
    await reconcileEvaluation(this.alertScheduling(), this.alertEvaluateSeconds(), wanted);
  }

  protected alertScheduling(): AlertScheduling {
    return {
      list: async () => this.getSchedules(),
      cancel: (id) => this.cancelSchedule(id),
      every: (seconds) => this.scheduleEvery(seconds, EVALUATE_CALLBACK),
      at: (when) => this.schedule(when, DELIVER_CALLBACK),
    };
  }

  protected alertEvaluateSeconds(): number {
    return positiveVar(this.env.ALERT_EVALUATE_SECONDS, DEFAULT_EVALUATE_SECONDS);
  }

  protected alertRetryBaseMs(): number {
    return positiveVar(this.env.ALERT_RETRY_BASE_MS, DEFAULT_RETRY_BASE_MS);
  }

  protected withSummaries(rows: TenantRow[]): TenantSummary[] {
    const summaries = readSummaries(
      this.ctx.storage.sql,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...row, summary: summaries.get(row.id) ?? null }));
  }

  /** Publishes the small state; counts are read back from the tables so they always match. */
  protected publish(change: {
    tenantsChanged?: boolean;
    summariesChanged?: boolean;
    metricsChanged?: boolean;
    alertsChanged?: boolean;
  }): void {
    const sql = this.ctx.storage.sql;
    const { n } = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tenants").one();
    // State saved before a field existed lacks it: the initial state fills it in.
    const state = { ...initialOpsState, ...this.state };
    this.setState({
      tenant_count: n,
      tenants_version: state.tenants_version + (change.tenantsChanged ? 1 : 0),
      summaries_version: state.summaries_version + (change.summariesChanged ? 1 : 0),
      metrics_version: state.metrics_version + (change.metricsChanged ? 1 : 0),
      alerts_version: state.alerts_version + (change.alertsChanged ? 1 : 0),
      dead_letters: countDeadLetters(sql),
      feed_head: feedHead(sql),
      activity: readActivity(sql, ACTIVITY_IN_STATE),
    });
  }
}
