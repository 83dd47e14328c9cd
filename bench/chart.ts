import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export type ScalePoint = { tenants: number; throughput: number; usd_per_million: number | null };

/**
 * Throughput and cost against the number of tenants in the mix, as a standalone SVG
 * (Vega-Lite, rendered headless in Node).
 */
export async function scaleChartSvg(points: readonly ScalePoint[]): Promise<string> {
  const values = points.flatMap((p) => [
    { tenants: p.tenants, measure: "applied events/s", value: p.throughput },
    ...(p.usd_per_million === null
      ? []
      : [{ tenants: p.tenants, measure: "$ per million events", value: p.usd_per_million }]),
  ]);
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Switchboard: throughput and cost against tenants in the mix",
    data: { values },
    facet: { row: { field: "measure", type: "nominal", title: null } },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 560,
      height: 180,
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "tenants",
          type: "quantitative",
          scale: { type: "log" },
          title: "tenants in the mix (log scale)",
        },
        y: { field: "value", type: "quantitative", title: null },
        color: { field: "measure", type: "nominal", legend: null },
      },
    },
    config: { background: "white" },
  };
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}
