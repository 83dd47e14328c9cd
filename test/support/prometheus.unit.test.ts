import { describe, expect, it } from "vitest";
import { writeTextFormat } from "../../worker/metrics/text-format";
import { histogramOf, parsePrometheusText, sampleValue } from "./prometheus";

describe("the strict Prometheus text parser the scrape tests use", () => {
  it("reads back what the writer writes, escapes included", () => {
    const text = writeTextFormat([
      {
        name: "x_total",
        help: "A \\ and a\nnewline.",
        type: "counter",
        samples: [{ labels: { path: 'a"b\\c\nd' }, value: 2 }],
      },
      {
        name: "h_seconds",
        help: "H.",
        type: "histogram",
        series: [{ labels: { q: "e" }, buckets: [{ le: 0.5, count: 1 }], sum: 0.25 }],
      },
    ]);
    const families = parsePrometheusText(text);
    expect(families.get("x_total")?.help).toBe("A \\ and a\nnewline.");
    expect(sampleValue(families, "x_total", { path: 'a"b\\c\nd' })).toBe(2);
    expect(histogramOf(families, "h_seconds", { q: "e" })).toEqual({
      buckets: [
        { le: 0.5, count: 1 },
        { le: Number.POSITIVE_INFINITY, count: 1 },
      ],
      sum: 0.25,
      count: 1,
    });
  });

  it.each([
    ["a value that is not a number", "# TYPE a gauge\na 1x\n"],
    ["an unknown escape", '# TYPE a gauge\na{x="\\q"} 1\n'],
    ["a family split in two", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n"],
    ["a series twice", "# TYPE a gauge\na 1\na 2\n"],
    ["a sample without its TYPE", "a 1\n"],
    ["a sample of another family", "# TYPE a gauge\nb 1\n"],
    ["no final newline", "# TYPE a gauge\na 1"],
    ["a counter below zero", "# TYPE a_total counter\na_total -1\n"],
    [
      "buckets that are not cumulative",
      '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n',
    ],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      "a _count that is not the +Inf bucket",
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
    ],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
