import { createMessage, type Message } from "../../events";
import { type CommandOutcome, ServiceObject } from "../../platform/service/service-object";
import { type Figures, performanceFigures } from "./figures";
import { type Judgement, judgeReport, NOT_PUBLISHED, refreshEventId } from "./judge";
import { type JudgeInputReader, type JudgeInputs, platformInputs } from "./judge-inputs";
import { analyticsMigrations } from "./schema";

/** One answered question: a page's figures over a period, for one request, and its judgement. */
export type Report = Figures & {
  request_id: string;
  /** The `performance.report` event that carried it. */
  report_id: string | null;
  url: string;
  period: string;
  /** "refresh", "keep" or "not judged" (null for reports from before judging). */
  verdict: string | null;
  judgement: string | null;
  /** The `content.refresh` sent to the tenant's agent, when the page underperforms. */
  refresh_id: string | null;
  created_at: string;
};

/**
 * The reference analytics service, one per tenant: answers `performance.requested`
 * with one `performance.report` per page, and judges each report against the tenant's
 * refresh thresholds (`judge.ts`): for a page that underperforms it asks the tenant's
 * agent, through `agent-commands`, to refresh it (`content.refresh`, caused by the
 * report). Idempotent on the request's event_id: the same request delivered twice gives
 * one set of reports, one set of events and at most one refresh per page.
 */
export class AnalyticsService extends ServiceObject {
  /** Where the pages and the thresholds are read from; tests may replace it. */
  protected inputs: JudgeInputReader;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, analyticsMigrations);
    this.inputs = platformInputs(env);
  }

  /** Applies `performance.requested` commands of this tenant. */
  async handle(messages: Message[]): Promise<CommandOutcome[]> {
    return this.handleEach(messages, (message) => this.report(message));
  }

  async listReports(limit = 200): Promise<Report[]> {
    return this.sql
      .exec<Report>(
        `SELECT request_id, report_id, url, period, impressions, clicks, position, verdict, judgement,
           refresh_id, created_at
         FROM reports ORDER BY created_at DESC, url LIMIT ?`,
        limit,
      )
      .toArray();
  }

  /** A refresh asks an agent to act: it goes through `agent-commands`, the rest to `events`. */
  protected override destination(message: Message): "events" | "agent-commands" {
    return message.type === "content.refresh" ? "agent-commands" : "events";
  }

  private async report(message: Message): Promise<CommandOutcome> {
    if (message.type !== "performance.requested") {
      return {
        event_id: message.event_id,
        status: "rejected",
        reason: `analytics cannot handle ${message.type}`,
      };
    }
    if (this.seen(message.event_id)) return this.commit(message, () => ({ duplicate: true }));
    const { period } = message.payload;
    const urls = [...new Set(message.payload.urls)];
    const figures = await Promise.all(urls.map((url) => performanceFigures(url, period)));
    let inputs: JudgeInputs;
    try {
      inputs = await this.inputs(message.tenant_id, urls);
    } catch (error) {
      return {
        event_id: message.event_id,
        status: "retry",
        reason: `could not read the pages or the strategy to judge them: ${String(error)}`,
      };
    }
    return this.commit(message, (now) => {
      const createdAt = now.toISOString();
      const emit: Message[] = [];
      urls.forEach((url, i) => {
        const f = figures[i] ?? { impressions: 0, clicks: 0, position: 0 };
        const report = createMessage(
          "performance.report",
          { url, period, impressions: f.impressions, clicks: f.clicks, position: f.position },
          { tenant_id: message.tenant_id, source: "analytics", cause: message },
        );
        const page = inputs.pages[url];
        const judgement: Judgement =
          page && inputs.thresholds
            ? judgeReport({ ...f, period }, page, inputs.thresholds, now)
            : NOT_PUBLISHED;
        emit.push(report);
        const refresh =
          judgement.verdict === "refresh"
            ? createMessage(
                "content.refresh",
                { content_id: judgement.content_id, reason: judgement.reason },
                { tenant_id: message.tenant_id, source: "analytics", cause: report },
                { newId: () => refreshEventId(report.event_id), now: () => now },
              )
            : null;
        if (refresh) emit.push(refresh);
        this.sql.exec(
          `INSERT INTO reports (request_id, report_id, url, period, impressions, clicks, position,
             verdict, judgement, refresh_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          message.event_id,
          report.event_id,
          url,
          period,
          f.impressions,
          f.clicks,
          f.position,
          judgement.verdict,
          judgement.reason,
          refresh?.event_id ?? null,
          createdAt,
        );
      });
      return { duplicate: false, emit };
    });
  }
}
