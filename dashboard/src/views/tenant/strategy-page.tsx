import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { PREVIEW_DAYS } from "../../../../events";
import type { Strategy, StrategyInput } from "../../../../events/strategy";
import {
  getStrategy,
  listStrategyVersions,
  putStrategy,
  rollbackStrategy,
} from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { ProblemMessage } from "../../components/problem-message";
import {
  checkDraft,
  errorsByField,
  type FieldErrors,
  type StrategyDraft,
  toDraft,
} from "../../lib/strategy-form";
import { useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { type Problem, toProblem } from "../../problem";
import { Page, Section } from "../../shell/page";
import { StrategyForm } from "./strategy-form";
import { StrategyHistory } from "./strategy-history";
import { StrategyPreview } from "./strategy-preview";
import { useStrategyPreview } from "./use-strategy-preview";

type Base = { version: number; strategy: Strategy };

function merge(a: FieldErrors, b: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...a };
  for (const [field, messages] of Object.entries(b) as [keyof FieldErrors, string[]][]) {
    out[field] = [...new Set([...(out[field] ?? []), ...messages])];
  }
  return out;
}

const same = (a: StrategyDraft, b: StrategyDraft) => JSON.stringify(a) === JSON.stringify(b);

/** How far back the preview replays research, as the select offers it. */
const PAST_DAYS = [PREVIEW_DAYS.default, 14, PREVIEW_DAYS.max];

/**
 * The tenant's strategy: a form checked as you type with the agent's own schema, saved
 * as a new version; a preview, decided by the tenant's agent as the form rests, of what
 * it would keep from the research the agent has, now and over the past days;
 * the history with a diff and rollback. A version saved elsewhere arrives live (the
 * agent pushes its strategy_version) and replaces the form unless it has unsaved edits.
 */
export function StrategyPage({ tenantId }: { tenantId: string }) {
  const live = useTenantLive();
  const version = live?.state?.strategy_version;
  const loadStrategy = useCallback(
    (s: AbortSignal) => getStrategy(tenantId, { signal: s }),
    [tenantId],
  );
  const loadVersions = useCallback(
    (s: AbortSignal) => listStrategyVersions(tenantId, { signal: s }),
    [tenantId],
  );
  const current = useResource(loadStrategy, [version]);
  const versions = useResource(loadVersions, [version]);

  const [base, setBase] = useState<Base | null>(null);
  const [draft, setDraft] = useState<StrategyDraft | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pastDays, setPastDays] = useState<number>(PREVIEW_DAYS.default);

  // A newer version (saved here, elsewhere, or rolled back) replaces an unedited form.
  const dirty = base !== null && draft !== null && !same(draft, toDraft(base.strategy));
  // Versions only grow (a rollback makes a new one), so "newer" is simply "higher".
  const newer = current.data && base && current.data.version > base.version ? current.data : null;
  useEffect(() => {
    if (!current.data) return;
    if (base === null || (!dirty && current.data.version > base.version)) {
      setBase(current.data);
      setDraft(toDraft(current.data.strategy));
    }
  }, [current.data, base, dirty]);

  const check = useMemo(() => (draft ? checkDraft(draft) : null), [draft]);
  // The last draft that passed the checks: the preview goes on showing it while a field is wrong.
  const lastValid = useRef<StrategyInput | null>(null);
  if (check?.ok) lastValid.current = check.input;
  const errors = merge(check && !check.ok ? check.errors : {}, serverErrors);

  function edit(next: StrategyDraft) {
    setDraft(next);
    setServerErrors({});
    setNotice(null);
  }

  function adopt(saved: Base, message: string) {
    setBase(saved);
    setDraft(toDraft(saved.strategy));
    setNotice(message);
    current.reload();
    versions.reload();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!check?.ok || !base) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await putStrategy(tenantId, check.input);
      adopt(
        saved,
        saved.version === base.version
          ? `No change: still v${saved.version}.`
          : `Saved as v${saved.version}.`,
      );
    } catch (error) {
      const p = toProblem(error);
      const mapped = errorsByField(p.errors ?? []);
      setServerErrors(mapped.fields);
      setProblem({
        ...p,
        errors: (p.errors ?? []).filter((e) => mapped.other.includes(e.message)),
      });
    } finally {
      setSaving(false);
    }
  }

  async function onRollback(target: number) {
    setRollingBack(target);
    setProblem(null);
    try {
      const saved = await rollbackStrategy(tenantId, target);
      adopt(saved, `Rolled back: v${saved.version} is v${target} again.`);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setRollingBack(null);
    }
  }

  // New research (a decision) or a new version changes what the draft is compared with.
  const preview = useStrategyPreview(
    tenantId,
    check?.ok ? check.input : lastValid.current,
    pastDays,
    [version, live?.state?.counts.decisions],
  );
  return (
    <Page
      title="Strategy"
      intro="What the agent researches, which keywords it keeps and how often it cycles."
    >
      <div className="strategy-layout">
        <Section title={base ? `Edit (based on v${base.version})` : "Edit"}>
          <Loadable
            what="the strategy"
            {...current}
            data={draft ?? undefined}
            onRetry={current.reload}
          >
            {(d) => (
              <form onSubmit={onSubmit} noValidate aria-describedby="strategy-status">
                {newer && dirty ? (
                  <div className="notice" role="status">
                    v{newer.version} was saved meanwhile; your edits are based on v{base?.version}.{" "}
                    <button
                      type="button"
                      className="quiet"
                      onClick={() => adopt(newer, `Loaded v${newer.version}.`)}
                    >
                      Load v{newer.version}
                    </button>
                  </div>
                ) : null}
                <StrategyForm draft={d} errors={errors} onChange={edit} disabled={saving} />
                <div className="form-actions">
                  <button type="submit" disabled={saving || !check?.ok || !dirty}>
                    {saving ? "Saving…" : "Save as a new version"}
                  </button>
                  <button
                    type="button"
                    className="quiet"
                    disabled={!dirty || saving}
                    onClick={() => base && edit(toDraft(base.strategy))}
                  >
                    Discard changes
                  </button>
                  <span
                    id="strategy-status"
                    className="form-status"
                    role="status"
                    data-testid="strategy-status"
                  >
                    {notice ??
                      (check && !check.ok
                        ? "Fix the fields marked above to save."
                        : dirty
                          ? "Unsaved changes."
                          : "")}
                  </span>
                </div>
                {problem ? <ProblemMessage problem={problem} /> : null}
              </form>
            )}
          </Loadable>
        </Section>
        <div className="strategy-side">
          <Section
            title="Preview: what it would keep"
            actions={
              <label className="inline-field">
                Replay the past{" "}
                <select
                  value={pastDays}
                  onChange={(event) => setPastDays(Number(event.target.value))}
                >
                  {PAST_DAYS.map((days) => (
                    <option key={days} value={days}>
                      {days} days
                    </option>
                  ))}
                </select>
              </label>
            }
          >
            <Loadable
              what="the preview"
              data={preview.data}
              problem={preview.problem}
              loading={preview.pending}
            >
              {(p) => (
                <>
                  {check && !check.ok ? (
                    <p className="muted">Showing the last valid version of your edits.</p>
                  ) : preview.pending ? (
                    <p className="muted" role="status">
                      Updating…
                    </p>
                  ) : null}
                  {p.now.researched === 0 && p.over_past.research_rows === 0 ? (
                    <p className="muted">
                      No research yet: the preview fills in after the first cycle's research.
                    </p>
                  ) : null}
                  <StrategyPreview preview={p} />
                </>
              )}
            </Loadable>
          </Section>
          <Section title="History">
            <Loadable what="versions" {...versions} onRetry={versions.reload}>
              {(list) =>
                current.data ? (
                  <StrategyHistory
                    versions={list}
                    current={current.data}
                    onRollback={onRollback}
                    pending={rollingBack}
                  />
                ) : null
              }
            </Loadable>
          </Section>
        </div>
      </div>
    </Page>
  );
}
