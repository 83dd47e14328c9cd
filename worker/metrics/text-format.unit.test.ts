import { describe, expect, it } from "vitest";
import { escapeLabelValue, formatValue, writeTextFormat } from "./text-format";

describe("the Prometheus text format writer", () => {
  it("writes HELP and TYPE before a family's samples, with their labels", () => {
    const text = writeTextFormat([
      {
        name: "jobs_done_total",
        help: "Jobs done.",
        type: "counter",
        samples: [
          { labels: { queue: "events" }, value: 3 },
          { labels: { queue: "agent-commands" }, value: 0 },
        ],
      },
      { name: "jobs_running", help: "Jobs running now.", type: "gauge", samples: [{ value: 2 }] },
    ]);
    expect(text).toBe(
      [
        "# HELP jobs_done_total Jobs done.",
        "# TYPE jobs_done_total counter",
        'jobs_done_total{queue="events"} 3',
        'jobs_done_total{queue="agent-commands"} 0',
        "# HELP jobs_running Jobs running now.",
        "# TYPE jobs_running gauge",
        "jobs_running 2",
        "",
      ].join("\n"),
    );
  });

  it("writes a histogram's buckets cumulative, ending in +Inf, then its sum and count", () => {
    const text = writeTextFormat([
      {
        name: "wait_seconds",
        help: "Waits.",
        type: "histogram",
        series: [
          {
            labels: { queue: "q" },
            buckets: [
              { le: 0.001, count: 2 },
              { le: 0.5, count: 0 },
              { le: 1, count: 3 },
            ],
            sum: 2.25,
          },
        ],
      },
    ]);
    expect(text.split("\n")).toEqual([
      "# HELP wait_seconds Waits.",
      "# TYPE wait_seconds histogram",
      'wait_seconds_bucket{queue="q",le="0.001"} 2',
      'wait_seconds_bucket{queue="q",le="0.5"} 2',
      'wait_seconds_bucket{queue="q",le="1"} 5',
      'wait_seconds_bucket{queue="q",le="+Inf"} 5',
      'wait_seconds_sum{queue="q"} 2.25',
      'wait_seconds_count{queue="q"} 5',
      "",
    ]);
  });

  it("counts an overflow bucket given as Infinity once, in +Inf", () => {
    const text = writeTextFormat([
      {
        name: "h_seconds",
        help: "H.",
        type: "histogram",
        series: [
          {
            buckets: [
              { le: 1, count: 1 },
              { le: Number.POSITIVE_INFINITY, count: 4 },
            ],
            sum: 40,
          },
        ],
      },
    ]);
    expect(text).toContain('h_seconds_bucket{le="+Inf"} 5\nh_seconds_sum 40\nh_seconds_count 5\n');
    expect(text.match(/le="\+Inf"/g)).toHaveLength(1);
  });

  it("escapes backslash, double quote and line feed in label values, and in HELP text", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = writeTextFormat([
      {
        name: "odd",
        help: 'Two\nlines with a \\ and a "quote".',
        type: "gauge",
        samples: [{ labels: { path: 'C:\\DIR\\"x"\n' }, value: 1 }],
      },
    ]);
    expect(text).toContain('# HELP odd Two\\nlines with a \\\\ and a "quote".\n');
    expect(text).toContain('odd{path="C:\\\\DIR\\\\\\"x\\"\\n"} 1\n');
    expect(text.trimEnd().split("\n")).toHaveLength(3);
  });

  it("writes values as Prometheus parses them", () => {
    expect(formatValue(0)).toBe("0");
    expect(formatValue(1.5e-7)).toBe("1.5e-7");
    expect(formatValue(12345678901234)).toBe("12345678901234");
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe("+Inf");
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe("-Inf");
    expect(formatValue(Number.NaN)).toBe("NaN");
  });

  it("refuses what would not parse: a bad name, a family twice, a reserved label, bounds out of order", () => {
    const gauge = (name: string, labels: Record<string, string> = {}) => ({
      name,
      help: "x",
      type: "gauge" as const,
      samples: [{ labels, value: 1 }],
    });
    expect(() => writeTextFormat([gauge("9lives")])).toThrow(/metric name/);
    expect(() => writeTextFormat([gauge("a"), gauge("a")])).toThrow(/twice/);
    expect(() => writeTextFormat([gauge("a", { le: "1" })])).toThrow(/label name/);
    expect(() => writeTextFormat([gauge("a", { "bad-name": "1" })])).toThrow(/label name/);
    expect(() =>
      writeTextFormat([
        {
          name: "h",
          help: "x",
          type: "histogram",
          series: [
            {
              buckets: [
                { le: 2, count: 1 },
                { le: 1, count: 1 },
              ],
              sum: 0,
            },
          ],
        },
      ]),
    ).toThrow(/ascend/);
  });

  it("writes nothing for no families", () => {
    expect(writeTextFormat([])).toBe("");
  });
});
