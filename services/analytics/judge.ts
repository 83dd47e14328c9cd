import type { PayloadOf } from "../../events";
import { stableHash } from "../../events";
import type { RefreshThresholds } from "../../events/strategy";

/** The figures of one report that a judgement reads. */
export type ReportFigures = Pick<PayloadOf<"performance.report">, "clicks" | "position" | "period">;

/** A page as the publisher has it live: its article and when it was last published. */
export type PublishedPage = { url: string; content_id: string; published_at: string };

/** What analytics makes of one report: ask for a refresh, keep the page, or not judge it. */
export type Judgement =
  | { verdict: "refresh"; content_id: string; reason: string }
  | { verdict: "keep" | "not judged"; reason: string };

/** A URL the publisher has no page at (a stale request, a page of another origin). */
export const NOT_PUBLISHED: Judgement = {
  verdict: "not judged",
  reason: "not judged: no page published at this URL",
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Judges a page's report against the tenant's refresh thresholds. A page is judged
 * once it has been live `refresh_check_after_days` since it was last published (a
 * rewrite starts the wait again); it underperforms when its clicks over the report's
 * period are below `refresh_min_clicks` or its average position is worse (higher) than
 * `refresh_max_position` — a page that did not rank (position 0) is worse than any.
 * Pure: the clock is an argument.
 */
export function judgeReport(
  report: ReportFigures,
  page: PublishedPage,
  thresholds: RefreshThresholds,
  now: Date,
): Judgement {
  const live = daysSince(page.published_at, now);
  const wait = thresholds.refresh_check_after_days;
  if (live < wait)
    return {
      verdict: "not judged",
      reason: `not judged: live ${live} days since last published < ${wait} (refresh_check_after_days)`,
    };

  const { clicks, position, period } = report;
  const { refresh_min_clicks: minClicks, refresh_max_position: maxPosition } = thresholds;
  const short: string[] = [];
  if (clicks < minClicks)
    short.push(`${clicksText(clicks)} over ${period} < ${minClicks} (refresh_min_clicks)`);
  if (position === 0)
    short.push(`did not rank over ${period} (refresh_max_position ${maxPosition})`);
  else if (position > maxPosition)
    short.push(`average position ${position} > ${maxPosition} (refresh_max_position)`);
  if (short.length > 0)
    return {
      verdict: "refresh",
      content_id: page.content_id,
      reason: `underperforms after ${live} days live: ${short.join("; ")}`,
    };
  return {
    verdict: "keep",
    reason: `performs: ${clicksText(clicks)} over ${period} ≥ ${minClicks}, average position ${position} ≤ ${maxPosition}`,
  };
}

/**
 * The event_id of the refresh a report asks for: derived from the report's own id, so
 * the same report judged again yields the same command and the agent's dedup skips it.
 * A UUID (version 8, RFC 9562) made of two 64-bit hashes of the name.
 */
export function refreshEventId(reportId: string): string {
  const name = `content.refresh|${reportId}`;
  const hex = `${stableHash(name, 1)}${stableHash(name, 2)}`.split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Days from `from` to `now`, rounded down to one decimal (6.9 never shows as 7). */
function daysSince(from: string, now: Date): number {
  return Math.floor(((now.getTime() - Date.parse(from)) / DAY_MS) * 10) / 10;
}

function clicksText(clicks: number): string {
  return `${clicks} click${clicks === 1 ? "" : "s"}`;
}
