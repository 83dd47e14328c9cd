import { useId, useState } from "react";
import { messageTypes } from "../../../../events";
import {
  type DeadLetterFilter,
  deleteDeadLetter,
  listDeadLetters,
  previewRedrive,
  redrive,
} from "../../api/operations";
import type { RedrivePreview, RedriveResult } from "../../api/schemas";
import { LoadMore } from "../../components/load-more";
import { Loadable } from "../../components/loadable";
import { ProblemMessage } from "../../components/problem-message";
import { formatCount } from "../../lib/format";
import { CONSUMED_QUEUES } from "../../lib/queues";
import { useOpsLive } from "../../live/live-context";
import { useFilteredPages } from "../../live/use-filtered-pages";
import { type Problem, toProblem } from "../../problem";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page } from "../../shell/page";
import { DeadLetterRow } from "./dead-letter-row";

function describe(result: RedriveResult): string {
  const parts = [`redriven ${result.redriven.length}`];
  if (result.missing.length) parts.push(`already gone ${result.missing.length}`);
  if (result.failed.length) parts.push(`failed ${result.failed.length}`);
  if (result.kept.length) parts.push(`dead-lettered again ${result.kept.length}`);
  if (result.refused.length)
    parts.push(`refused ${result.refused.length} (${result.refused[0]?.reason ?? ""})`);
  return `Redrive: ${parts.join(" · ")}.`;
}

/** A preview in one line: what a redrive of the selection would do, by effect. */
export function describePreview(preview: RedrivePreview): string {
  const count = (effect: string) => preview.letters.filter((l) => l.effect === effect).length;
  const parts = [`would apply ${count("apply")}`];
  if (count("skip")) parts.push(`skip ${count("skip")} (applied already)`);
  if (count("destination-decides"))
    parts.push(`${count("destination-decides")} to a service's queue (its dedup decides)`);
  if (count("unknown")) parts.push(`${count("unknown")} unknown`);
  if (preview.missing.length) parts.push(`already gone ${preview.missing.length}`);
  if (preview.refused.length) parts.push(`refused ${preview.refused.length}`);
  return `Preview: ${parts.join(" · ")}. Nothing was sent.`;
}

function Filters({ filter }: { filter: DeadLetterFilter }) {
  const location = useLocation();
  const ids = { queue: useId(), type: useId(), tenant: useId(), q: useId() };
  const set = (name: keyof DeadLetterFilter, value: string) =>
    navigate(withSearch(location, { [name]: value }), { replace: true });
  return (
    <search className="filters" aria-label="Filter dead letters">
      <div className="field">
        <label htmlFor={ids.queue}>Queue</label>
        <select
          id={ids.queue}
          value={filter.queue ?? ""}
          onChange={(e) => set("queue", e.target.value)}
        >
          <option value="">any</option>
          {CONSUMED_QUEUES.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.type}>Type</label>
        <select
          id={ids.type}
          value={filter.type ?? ""}
          onChange={(e) => set("type", e.target.value)}
        >
          <option value="">any</option>
          {messageTypes.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.tenant}>Tenant</label>
        <input
          id={ids.tenant}
          value={filter.tenant ?? ""}
          onChange={(e) => set("tenant", e.target.value.trim())}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.q}>Search</label>
        <input
          id={ids.q}
          type="search"
          value={filter.q ?? ""}
          onChange={(e) => set("q", e.target.value)}
          placeholder="event id or reason"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
    </search>
  );
}

/** Letters shown at first, and added by each "Load more". */
const PAGE = 200;

/** The filter fields, as the address names them. */
const LETTER_FILTER_FIELDS = ["queue", "type", "tenant", "q"] as const;

/**
 * Dead letters: every message that could not be delivered, with why. Inspect one,
 * redrive the selected ones or all that match the filter, or delete one for good. The
 * newest letters are shown a page at a time ("Load more" while the API gives a
 * `next_cursor`). The list is re-read, as long as it is shown, when the OpsAgent pushes
 * a new dead-letter count, and after each action.
 */
export function DeadLettersPage() {
  const ops = useOpsLive();
  const {
    filter,
    list: letters,
    rows: shown,
    more,
    loadingMore,
    showMore,
  } = useFilteredPages(LETTER_FILTER_FIELDS, PAGE, listDeadLetters, [ops?.state?.dead_letters]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);

  const chosen = shown.filter((l) => selected.has(l.id)).map((l) => l.id);
  const filtered = Boolean(filter.queue || filter.type || filter.tenant || filter.q);

  async function act(run: () => Promise<string>, keepSelection = false) {
    setBusy(true);
    setProblem(null);
    try {
      setStatus(await run());
      if (!keepSelection) setSelected(new Set());
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
      letters.reload();
    }
  }

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Page
      title="Dead letters"
      intro={`${formatCount(ops?.state?.dead_letters)} waiting. A redrive sends a letter back to its queue; what was already applied is skipped there.`}
    >
      <Filters filter={filter} />
      <div className="toolbar">
        <button
          type="button"
          disabled={busy || chosen.length === 0}
          onClick={() => act(async () => describe(await redrive({ ids: chosen })))}
        >
          Redrive selected ({chosen.length})
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || chosen.length === 0}
          onClick={() =>
            act(async () => describePreview(await previewRedrive({ ids: chosen })), true)
          }
        >
          Preview redrive ({chosen.length})
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || shown.length === 0}
          onClick={() => act(async () => describe(await redrive({ filter })))}
        >
          {filtered ? "Redrive all matching the filter" : "Redrive all"}
        </button>
        <span role="status" className="form-status" data-testid="dlq-status">
          {status}
        </span>
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <Loadable
        what="dead letters"
        {...letters}
        onRetry={letters.reload}
        isEmpty={(page) => page.rows.length === 0}
        empty={
          filtered
            ? "No dead letters match the filter."
            : "No dead letters: every message was delivered."
        }
      >
        {({ rows: list }) => (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all shown"
                      checked={chosen.length === list.length && list.length > 0}
                      onChange={(e) =>
                        setSelected(e.target.checked ? new Set(list.map((l) => l.id)) : new Set())
                      }
                    />
                  </th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Type</th>
                  <th scope="col">Tenant</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Reason</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((letter) => (
                  <DeadLetterRow
                    key={letter.id}
                    letter={letter}
                    selected={selected.has(letter.id)}
                    onSelect={(on) => toggle(letter.id, on)}
                    busy={busy}
                    onDelete={() =>
                      act(async () => {
                        await deleteDeadLetter(letter.id);
                        return `Deleted the ${letter.type ?? "message"} from ${letter.queue}.`;
                      })
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
      {shown.length > 0 ? (
        <LoadMore
          what="dead letters"
          shown={shown.length}
          more={more}
          loading={loadingMore}
          onMore={showMore}
        />
      ) : null}
    </Page>
  );
}
