/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests of
 * `GET /metrics`. The one parser on npm (parse-prometheus-text-format, last released in
 * 2024) accepts what Prometheus refuses — a value of `1x`, an unknown escape, a family
 * split in two, a series twice — so it could not tell a broken scrape from a good one.
 * This one throws on each of those, and checks what a histogram promises: buckets
 * ascending and cumulative, a `+Inf` bucket equal to `_count`, and a `_sum`. Runs in Node
 * and in workerd alike (the e2e test adds `promtool check metrics`, the real tool).
 */

export type ParsedSample = { name: string; labels: Record<string, string>; value: number };
export type ParsedFamily = {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  samples: ParsedSample[];
};

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Parses a scrape, or throws naming the line that is wrong and why. */
export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the text must end with a newline");
  const families = new Map<string, ParsedFamily>();
  const series = new Set<string>();
  /** Which of HELP and TYPE each family has had. */
  const declared = new Map<string, Set<string>>();
  let current: ParsedFamily | undefined;
  const lines = text.split("\n").slice(0, -1);
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const meta = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`).exec(line);
      if (!meta) {
        if (/^#\s*(HELP|TYPE)\b/.test(line)) fail("a malformed HELP or TYPE line");
        return; // any other comment
      }
      const [, kind, name = "", rest = ""] = meta;
      let family = families.get(name);
      if (family && family !== current) fail(`${name} was already written above`);
      if (!family) {
        family = { name, help: "", type: "untyped", samples: [] };
        families.set(name, family);
        declared.set(name, new Set());
      }
      const seen = declared.get(name) ?? new Set();
      if (seen.has(kind ?? "")) fail(`a second ${kind} for ${name}`);
      if (family.samples.length > 0) fail(`${kind} after ${name}'s samples`);
      seen.add(kind ?? "");
      if (kind === "HELP") family.help = unescapeText(rest, false, fail);
      else if (TYPES.has(rest)) family.type = rest as ParsedFamily["type"];
      else fail(`an unknown type ${rest}`);
      current = family;
      return;
    }
    const sample = parseSample(line, fail);
    const family = current;
    if (!family || !belongsTo(sample.name, family)) {
      fail(`${sample.name} is not in the family above it (every sample needs its TYPE first)`);
      return;
    }
    if (!declared.get(family.name)?.has("TYPE")) fail(`${family.name} has no TYPE`);
    const key = `${sample.name}{${Object.entries(sample.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(",")}}`;
    if (series.has(key)) fail(`${key} is written twice`);
    series.add(key);
    if (family.type === "counter" && !(sample.value >= 0)) fail("a counter below zero or NaN");
    family.samples.push(sample);
  });
  for (const family of families.values()) {
    if (family.type === "histogram") checkHistogram(family);
  }
  return families;
}

function parseSample(line: string, fail: (why: string) => never): ParsedSample {
  const head = new RegExp(`^(${NAME})`).exec(line);
  if (!head) fail("not a metric name");
  const name = head?.[1] ?? "";
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    while (!rest.startsWith("}")) {
      const label = LABEL.exec(rest);
      if (!label) fail("a malformed label");
      const [whole = "", labelName = "", raw = ""] = label ?? [];
      if (labelName in labels) fail(`label ${labelName} twice`);
      labels[labelName] = unescapeText(raw, true, fail);
      rest = rest.slice(whole.length);
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (!rest.startsWith("}")) fail("labels must be separated by commas");
    }
    rest = rest.slice(1);
  }
  const parts = rest.split(" ");
  if (parts[0] !== "" || parts.length < 2 || parts.length > 3) fail("not `name{labels} value`");
  const value = parseValue(parts[1] ?? "", fail);
  if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) fail("a malformed timestamp");
  return { name, labels, value };
}

function parseValue(text: string, fail: (why: string) => never): number {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!FLOAT.test(text)) fail(`${text} is not a number`);
  return Number(text);
}

/** Label values know \\, \" and \n; HELP text knows \\ and \n. */
function unescapeText(raw: string, quotes: boolean, fail: (why: string) => never): string {
  return raw.replace(/\\(.)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quotes) return '"';
    return fail(`an unknown escape \\${c}`);
  });
}

function belongsTo(sample: string, family: ParsedFamily): boolean {
  if (sample === family.name) return family.type !== "histogram";
  if (family.type !== "histogram" && family.type !== "summary") return false;
  const suffixes = family.type === "histogram" ? ["_bucket", "_sum", "_count"] : ["_sum", "_count"];
  return suffixes.some((suffix) => sample === family.name + suffix);
}

/** Each series of a histogram: buckets ascending and cumulative, +Inf = _count, a _sum. */
function checkHistogram(family: ParsedFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (s.name.endsWith("_bucket")) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      group.buckets.push([parseValue(le, (why) => failHistogram(family.name, why)), s.value]);
    } else if (s.name.endsWith("_sum")) group.sum = s.value;
    else group.count = s.value;
  }
  for (const [key, group] of groups) {
    const where = `${family.name}${key}`;
    let previous: [number, number] = [Number.NEGATIVE_INFINITY, 0];
    for (const bucket of group.buckets) {
      if (!(bucket[0] > previous[0])) failHistogram(where, "bucket bounds do not ascend");
      if (bucket[1] < previous[1]) failHistogram(where, "bucket counts are not cumulative");
      previous = bucket;
    }
    if (previous[0] !== Number.POSITIVE_INFINITY) failHistogram(where, "no +Inf bucket");
    if (group.count !== previous[1]) failHistogram(where, "_count is not the +Inf bucket");
    if (group.sum === undefined) failHistogram(where, "no _sum");
  }
}

function failHistogram(where: string, why: string): never {
  throw new Error(`${where}: ${why}`);
}

/** The value of one series (labels matched exactly); undefined when it is not there. */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.get(name);
  const found = family?.samples.find((s) => s.name === name && sameLabels(s.labels, labels));
  return found?.value;
}

/** One histogram series: its cumulative buckets by bound, its _sum and _count. */
export function histogramOf(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string>,
): { buckets: { le: number; count: number }[]; sum: number; count: number } | undefined {
  const family = families.get(name);
  if (!family) return undefined;
  const of = (suffix: string) =>
    family.samples.filter((s) => {
      if (s.name !== name + suffix) return false;
      const { le: _le, ...rest } = s.labels;
      return sameLabels(rest, labels);
    });
  const sum = of("_sum")[0]?.value;
  const count = of("_count")[0]?.value;
  if (sum === undefined || count === undefined) return undefined;
  const buckets = of("_bucket").map((s) => ({
    le: s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.labels.le),
    count: s.value,
  }));
  return { buckets, sum, count };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
