import { useEffect, useState } from "react";
import type { TenantExport } from "../../api/schemas";
import { exportTenant, holdTenant, resumeTenant } from "../../api/tenants";
import { ProblemMessage } from "../../components/problem-message";
import { StatusBadge } from "../../components/status-badge";
import { formatCount, formatDateTime } from "../../lib/format";
import { type Problem, toProblem } from "../../problem";

/** What holds a tenant, as its agent pushes it (`TenantState.held`). */
export type TenantHoldView = {
  status: string;
  since: string;
  by: string | null;
  reason: string | null;
  count: number;
};

/** The sentence a held tenant shows: "Paused by ops since 3 Dec, 17:02 — 3 deliveries held". */
export function holdBanner(hold: TenantHoldView): string {
  const held = `${formatCount(hold.count)} ${hold.count === 1 ? "delivery" : "deliveries"}`;
  if (hold.status === "releasing") return `Releasing held deliveries in order — ${held} to go`;
  const verb = hold.status === "archived" ? "Archived" : "Paused";
  const by = hold.by ? ` by ${hold.by}` : "";
  const why = hold.reason ? ` (${hold.reason})` : "";
  return `${verb}${by} since ${formatDateTime(hold.since)}${why} — ${held} held`;
}

/** The tenant's status word: the agent's hold when it has one, else the registry's. */
export function tenantStatus(hold: TenantHoldView | null | undefined, registry?: string): string {
  if (hold) return hold.status;
  return registry && registry !== "paused" && registry !== "archived" ? registry : "active";
}

/**
 * Why a tenant is held, for anyone who sees its pages: a banner with who paused or
 * archived it, since when, and how many deliveries wait. Nothing while it is active.
 */
export function TenantHoldBanner({ hold }: { hold: TenantHoldView | null | undefined }) {
  if (!hold) return null;
  return (
    <p className="warning hold-banner" role="status" data-testid="hold-banner">
      {holdBanner(hold)}
    </p>
  );
}

/**
 * The operator's controls of a tenant's agent: its status badge, Pause / Resume /
 * Archive (archive asks first) and Export JSON (every table of its agent, downloaded as
 * a file). A refusal is shown as the server gave it.
 */
export function TenantHoldControls({
  tenantId,
  hold,
  onChanged,
}: {
  tenantId: string;
  hold: TenantHoldView | null | undefined;
  onChanged?: () => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const status = tenantStatus(hold);

  // A download link made for an export is released once it is replaced or the page goes.
  useEffect(() => () => (download ? URL.revokeObjectURL(download.url) : undefined), [download]);

  async function act(verb: "pause" | "resume" | "archive") {
    if (
      verb === "archive" &&
      !window.confirm(
        `Archive ${tenantId}? Its schedules stop and its events are refused until it is resumed; its data is kept.`,
      )
    )
      return;
    setPending(verb);
    setProblem(null);
    try {
      if (verb === "resume") {
        const answer = await resumeTenant(tenantId);
        setDone(
          `Resumed: ${formatCount(answer.released)} held deliveries applied${
            answer.remaining > 0 ? `, ${formatCount(answer.remaining)} more on their way` : ""
          }.`,
        );
      } else {
        const answer = await holdTenant(tenantId, verb);
        setDone(`${verb === "pause" ? "Paused" : "Archived"} by ${answer.by ?? "you"}.`);
      }
      onChanged?.();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(null);
    }
  }

  async function exportJson() {
    setPending("export");
    setProblem(null);
    try {
      const data = await exportTenant(tenantId);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const name = `${tenantId}-export-${data.exported_at.slice(0, 10)}.json`;
      setDownload({ url: URL.createObjectURL(blob), name });
      setDone(exportSummary(data));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(null);
    }
  }

  const button = (verb: "pause" | "resume" | "archive", label: string, className?: string) => (
    <button
      type="button"
      className={className}
      disabled={pending !== null}
      onClick={() => act(verb)}
      data-testid={`tenant-${verb}`}
    >
      {pending === verb ? "…" : label}
    </button>
  );

  return (
    <div className="tenant-hold" data-testid="tenant-hold">
      <StatusBadge status={status} testId="tenant-status" />
      {status === "active" || status === "releasing" ? button("pause", "Pause", "secondary") : null}
      {status === "paused" || status === "archived" ? button("resume", "Resume") : null}
      {status !== "archived" ? button("archive", "Archive…", "danger") : null}
      <button
        type="button"
        className="secondary"
        disabled={pending !== null}
        onClick={exportJson}
        data-testid="tenant-export"
      >
        {pending === "export" ? "Exporting…" : "Export JSON"}
      </button>
      {download ? (
        <a href={download.url} download={download.name} data-testid="tenant-export-download">
          Download {download.name}
        </a>
      ) : null}
      <span role="status" data-testid="tenant-hold-done">
        {done ?? ""}
      </span>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </div>
  );
}

/** "Exported 18 tables, 42 rows" (and which were cut at the per-table limit). */
export function exportSummary(data: TenantExport): string {
  const tables = Object.entries(data.tables);
  const rows = tables.reduce((sum, [, t]) => sum + t.rows.length, 0);
  const cut = tables.filter(([, t]) => t.truncated).map(([name]) => name);
  return `Exported ${tables.length} tables, ${formatCount(rows)} rows${
    cut.length > 0 ? ` (cut at the limit: ${cut.join(", ")})` : ""
  }.`;
}
