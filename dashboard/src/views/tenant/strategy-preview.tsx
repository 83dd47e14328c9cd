import type { Strategy } from "../../../../agents/tenant/strategy";
import type { Research } from "../../api/schemas";
import { StatusBadge } from "../../components/status-badge";
import { previewPicks } from "../../lib/strategy-preview";

/**
 * Which seed keywords the strategy being edited would keep from the tenant's research
 * right now, and why each one is kept or dropped: the agent's own reasons, computed in
 * the browser as the form changes.
 */
export function StrategyPreview({
  research,
  strategy,
}: {
  research: Research;
  strategy: Strategy;
}) {
  const preview = previewPicks(research, strategy);
  return (
    <div className="preview" aria-live="polite">
      <p data-testid="preview-summary">
        <strong>
          Would keep {preview.kept} of {preview.researched} researched keyword
          {preview.researched === 1 ? "" : "s"}
        </strong>{" "}
        <span className="muted">(at most {strategy.max_articles_per_cycle} a cycle)</span>
      </p>
      {preview.lines.length === 0 ? (
        <p className="muted">No seed keywords: a cycle has nothing to research.</p>
      ) : (
        <ul className="reasons">
          {preview.lines.map((line) => (
            <li
              key={line.keyword}
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
    </div>
  );
}
