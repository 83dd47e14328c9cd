/**
 * The Prometheus text exposition format, version 0.0.4, written by hand. A client
 * library does not fit: prom-client (the usual one) keeps its own registry of live
 * metrics that a process observes one event at a time, and cannot be handed
 * pre-aggregated figures (a histogram's bucket counts and sum as the OpsAgent stores
 * them); it also needs Node's `cluster` module. What `GET /metrics` needs is only the
 * writing, which is this file: families of samples in, text out. Pure.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** The content type a scraper asks for and gets. */
export const TEXT_FORMAT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Labels = Readonly<Record<string, string>>;

/** One counter or gauge sample. */
export type Sample = { labels?: Labels; value: number };

/**
 * One histogram series: counts per upper bound (not cumulative, in ascending order of
 * `le`; the last may be `Infinity`), and the sum of the observed values.
 */
export type HistogramSeries = {
  labels?: Labels;
  buckets: readonly { le: number; count: number }[];
  sum: number;
};

export type Family =
  | { name: string; help: string; type: "counter" | "gauge"; samples: readonly Sample[] }
  | { name: string; help: string; type: "histogram"; series: readonly HistogramSeries[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The families as one exposition, each with its HELP and TYPE, ending in a newline. */
export function writeTextFormat(families: readonly Family[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`not a metric name: ${family.name}`);
    if (seen.has(family.name)) throw new Error(`${family.name} is written twice`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === "histogram") {
      for (const series of family.series) lines.push(...histogramLines(family.name, series));
    } else {
      for (const sample of family.samples) {
        lines.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** `_bucket` lines with cumulative counts (always ending in `+Inf`), then `_sum` and `_count`. */
function histogramLines(name: string, series: HistogramSeries): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const { le, count } of series.buckets) {
    if (!(le > previous)) throw new Error(`${name}: bucket bounds must ascend (${le})`);
    previous = le;
    cumulative += count;
    lines.push(`${name}_bucket${labelText(series.labels, le)} ${formatValue(cumulative)}`);
  }
  if (previous !== Number.POSITIVE_INFINITY) {
    lines.push(
      `${name}_bucket${labelText(series.labels, Number.POSITIVE_INFINITY)} ${formatValue(cumulative)}`,
    );
  }
  lines.push(`${name}_sum${labelText(series.labels)} ${formatValue(series.sum)}`);
  lines.push(`${name}_count${labelText(series.labels)} ${formatValue(cumulative)}`);
  return lines;
}

function labelText(labels: Labels = {}, le?: number): string {
  const pairs = Object.entries(labels).map(([name, value]) => {
    if (!LABEL_NAME.test(name) || name.startsWith("__") || name === "le") {
      throw new Error(`not a label name here: ${name}`);
    }
    return `${name}="${escapeLabelValue(value)}"`;
  });
  if (le !== undefined) pairs.push(`le="${formatValue(le)}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/** A label value: backslash, double quote and line feed escaped, as the format asks. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed escaped (a quote needs none there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** A sample value as Go's ParseFloat reads it: `+Inf`, `-Inf`, `NaN` or a JS number. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
