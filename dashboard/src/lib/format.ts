/** How numbers, times and durations read on the dashboard. Pure; locale from the browser. */

const clock = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function date(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "14:02:07": the time of day, for lists of recent things. */
export function formatClock(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = date(iso);
  return d ? clock.format(d) : iso;
}

/** "22 Nov 2026, 14:02:07": for tooltips and details. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = date(iso);
  return d ? full.format(d) : iso;
}

/** A count: "12,345"; "—" when unknown. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : integer.format(n);
}

/** A number with up to two decimals: "3.14". */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : decimal.format(n);
}

/** A duration: "850 ms", "2.4 s", "3 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${decimal.format(Math.round(ms / 100) / 10)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** The time between two instants, or "—" when either is missing. */
export function between(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return "—";
  const a = date(from);
  const b = date(to);
  return a && b ? formatDuration(b.getTime() - a.getTime()) : "—";
}

/** Dollars, with enough digits for fractions of a cent: "$0.0397", "$39.70". */
export function formatUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const digits = n !== 0 && Math.abs(n) < 1 ? 4 : 2;
  return `$${n.toFixed(digits)}`;
}

/** A 0–1 share as a whole percentage: "42 %". */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined) return "—";
  return `${Math.round(share * 100)} %`;
}

/** Short form of a long id, for tables: its first 8 characters. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
