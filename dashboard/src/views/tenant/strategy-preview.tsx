import type { StrategyPreview as Preview } from "../../api/schemas";
import { StatusBadge } from "../../components/status-badge";
import { formatDateTime } from "../../lib/format";

type Line = { keyword: string; verdict: "kept" | "dropped" | "not researched"; text: string };

function lines(preview: Preview): Line[] {
  const { kept, dropped, not_researched } = preview.now;
  return [
    ...kept.map((k): Line => ({ keyword: k.keyword, verdict: "kept", text: k.reasons.join("; ") })),
    ...dropped.map((d): Line => ({ keyword: d.keyword, verdict: "dropped", text: d.reason })),
    ...not_researched.map(
      (keyword): Line => ({
        keyword,
        verdict: "not researched",
        text: `'${keyword}': not researched yet; the next research request asks about it`,
      }),
    ),
  ];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * What the strategy being edited would do, as the tenant's agent decided it with its own
 * code and research (`POST …/strategy/preview`): which keywords it keeps and drops now,
 * and why; what it decides otherwise than the version in force; and what it would have
 * decided otherwise over the past days' research.
 */
export function StrategyPreview({ preview }: { preview: Preview }) {
  const { draft, now, differs, over_past: past } = preview;
  const version = `v${preview.strategy_version_now}`;
  const shown = lines(preview);
  return (
    <div className="preview" aria-live="polite">
      <p data-testid="preview-summary">
        <strong>
          Would keep {now.kept.length} of {plural(now.researched, "researched keyword")}
        </strong>{" "}
        <span className="muted">(at most {draft.max_articles_per_cycle} a cycle)</span>
      </p>
      {draft.seed_keywords.length === 0 && shown.length === 0 ? (
        <p className="muted">No seed keywords: a cycle has nothing to research.</p>
      ) : (
        <ul className="reasons">
          {shown.map((line) => (
            <li
              key={`${line.verdict} ${line.keyword}`}
              className="reason"
              data-testid="preview-reason"
              data-verdict={line.verdict}
            >
              <StatusBadge status={line.verdict} />
              <span>{line.text}</span>
            </li>
          ))}
        </ul>
      )}

      <h4 className="preview-heading">Compared with {version}, now</h4>
      {differs.length === 0 ? (
        <p className="muted" data-testid="preview-differs">
          Decides every researched keyword as {version} does.
        </p>
      ) : (
        <ul className="reasons" data-testid="preview-differs">
          {differs.map((change) => (
            <li
              key={change.keyword}
              className="reason"
              data-testid="preview-change"
              data-verdict={change.draft}
            >
              <StatusBadge status={change.draft} />
              <span>
                {change.reason}{" "}
                <span className="muted">
                  ({version}: {change.current_reason})
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}

      <h4 className="preview-heading">Over the past {plural(past.days, "day")}</h4>
      <p data-testid="preview-past-summary">
        {past.research_rows === 0
          ? `No research in the past ${plural(past.days, "day")}.`
          : `${plural(past.research_rows, "researched keyword")} decided again: ${version} keeps ${past.kept.current}, this draft ${past.kept.draft}.`}
      </p>
      {past.changed.length > 0 ? (
        <ul className="reasons" data-testid="preview-past">
          {past.changed.map((change) => (
            <li
              key={`${change.researched_at} ${change.keyword}`}
              className="reason"
              data-testid="preview-past-change"
              data-verdict={change.draft}
            >
              <StatusBadge status={change.draft} />
              <span>
                {change.reason}{" "}
                <span className="muted">
                  (research of {formatDateTime(change.researched_at)}; {version}: {change.current})
                </span>
              </span>
            </li>
          ))}
        </ul>
      ) : past.research_rows > 0 ? (
        <p className="muted">This draft would have decided all of it as {version} does.</p>
      ) : null}
    </div>
  );
}
