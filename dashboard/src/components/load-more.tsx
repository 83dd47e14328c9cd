import { formatCount } from "../lib/format";

type Props = {
  /** What the list holds, plural: "dead letters". */
  what: string;
  shown: number;
  /** Whether the list's last answer had a `next_cursor`. */
  more: boolean;
  /** True while more rows are being read. */
  loading: boolean;
  onMore: () => void;
};

/** Under a paged list: how many rows are shown, and a button for the next page if there is one. */
export function LoadMore({ what, shown, more, loading, onMore }: Props) {
  return (
    <div className="toolbar">
      {more ? (
        <button
          type="button"
          className="secondary"
          disabled={loading}
          aria-busy={loading}
          onClick={onMore}
          data-testid="load-more"
        >
          {loading ? "Loading more…" : "Load more"}
        </button>
      ) : null}
      <span className="muted" role="status">
        {formatCount(shown)} {what} shown{more ? "; there are more" : ""}
      </span>
    </div>
  );
}
