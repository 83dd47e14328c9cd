import { createMessage, type Message } from "../../events";
import { type CommandOutcome, ServiceObject } from "../shared/service-object";
import { type Figures, performanceFigures } from "./figures";
import { analyticsMigrations } from "./schema";

/** One answered question: a page's figures over a period, for one request. */
export type Report = Figures & {
  request_id: string;
  url: string;
  period: string;
  created_at: string;
};

/**
 * The reference analytics service, one per tenant: answers `performance.requested`
 * with one `performance.report` per page. Idempotent on the request's event_id: the
 * same request delivered twice gives one set of reports and one set of events.
 */
export class AnalyticsService extends ServiceObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, analyticsMigrations);
  }

  /** Applies `performance.requested` commands of this tenant. */
  async handle(messages: Message[]): Promise<CommandOutcome[]> {
    return this.handleEach(messages, (message) => this.report(message));
  }

  async listReports(limit = 200): Promise<Report[]> {
    return this.sql
      .exec<Report>(
        `SELECT request_id, url, period, impressions, clicks, position, created_at
         FROM reports ORDER BY created_at DESC, url LIMIT ?`,
        limit,
      )
      .toArray();
  }

  private async report(message: Message): Promise<CommandOutcome> {
    if (message.type !== "performance.requested") {
      return {
        event_id: message.event_id,
        status: "rejected",
        reason: `analytics cannot handle ${message.type}`,
      };
    }
    const { period } = message.payload;
    const urls = [...new Set(message.payload.urls)];
    const figures = await Promise.all(urls.map((url) => performanceFigures(url, period)));
    return this.commit(message, (now) => {
      const createdAt = now.toISOString();
      const emit = urls.map((url, i) => {
        const f = figures[i] ?? { impressions: 0, clicks: 0, position: 0 };
        this.sql.exec(
          `INSERT INTO reports (request_id, url, period, impressions, clicks, position, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          message.event_id,
          url,
          period,
          f.impressions,
          f.clicks,
          f.position,
          createdAt,
        );
        return createMessage(
          "performance.report",
          { url, period, impressions: f.impressions, clicks: f.clicks, position: f.position },
          { tenant_id: message.tenant_id, source: "analytics", cause: message },
        );
      });
      return { duplicate: false, emit };
    });
  }
}
