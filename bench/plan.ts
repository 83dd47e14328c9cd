import { runBareBullmq } from "./bullmq-baseline";
import { treeCpuSeconds } from "./cpu";
import type { Pipeline } from "./pipelines";
import { runScenario, type ScenarioResult } from "./scenario";
import { buildWorkload, tenantIds } from "./workload";

export type Plan = {
  /** How many times each scenario runs (in alternating order); median and spread are reported. */
  rounds: number;
  tenants: number;
  maxUnique: number;
  naiveUnique: number;
  rates: number[];
  rateSeconds: number;
  scale: number[];
  scaleUnique: number;
  bareConcurrency: number[];
};

export const QUICK: Plan = {
  rounds: 1,
  tenants: 100,
  maxUnique: 4000,
  naiveUnique: 1500,
  rates: [500, 2000],
  rateSeconds: 5,
  scale: [1, 10, 100, 1000],
  scaleUnique: 1500,
  bareConcurrency: [10, 50],
};

export const FULL: Plan = {
  rounds: 3,
  tenants: 100,
  maxUnique: 20000,
  naiveUnique: 6000,
  rates: [500, 2000],
  rateSeconds: 20,
  scale: [1, 10, 100, 1000, 10000],
  scaleUnique: 8000,
  bareConcurrency: [10, 50],
};

export const DUPLICATE_SHARE = 0.1;

export type Section = "max" | "rate" | "scale";
export type Step = {
  section: Section;
  pipeline: string;
  /** Names the scenario across rounds, e.g. "rate 500/s" or "scale 1000". */
  scenario: string;
  run: () => Promise<ScenarioResult>;
};
export type Pipelines = {
  switchboard: Pipeline;
  naive?: Pipeline;
  fair?: Pipeline;
  redis?: { port: number; pid: number };
};

let workloadId = 0;

/** New tenants for every scenario, so no run inherits another's state. */
function workload(tenantCount: number, unique: number, label: string) {
  const id = workloadId++;
  const tenants = tenantIds(tenantCount, `b${Date.now().toString(36)}-${label}-${id}`);
  return buildWorkload(tenants, unique, DUPLICATE_SHARE, id + 1);
}

/** The scenarios of one round, in order. */
export function steps(plan: Plan, sections: ReadonlySet<Section>, p: Pipelines): Step[] {
  const out: Step[] = [];
  const { switchboard, naive, fair, redis } = p;
  if (sections.has("max")) {
    const scenario = `max ${plan.tenants}`;
    const max = (pipeline: Pipeline, unique: number) => () =>
      runScenario(pipeline, workload(plan.tenants, unique, "max"));
    for (const [pipeline, unique] of [
      [switchboard, plan.maxUnique],
      [fair, plan.maxUnique],
      [naive, plan.naiveUnique],
    ] as const) {
      if (pipeline)
        out.push({ section: "max", pipeline: pipeline.name, scenario, run: max(pipeline, unique) });
    }
    for (const concurrency of redis ? plan.bareConcurrency : []) {
      out.push({
        section: "max",
        pipeline: `bare-bullmq-c${concurrency}`,
        scenario,
        run: () =>
          runBareBullmq({
            port: redis?.port ?? 0,
            workload: workload(plan.tenants, plan.maxUnique, `bare${concurrency}`),
            concurrency,
            redisCpuSeconds: () => treeCpuSeconds(redis?.pid ?? 0),
          }),
      });
    }
  }
  if (sections.has("rate")) {
    for (const rate of plan.rates) {
      const unique = Math.round((rate * plan.rateSeconds) / (1 + DUPLICATE_SHARE));
      for (const pipeline of fair ? [switchboard, fair] : [switchboard]) {
        out.push({
          section: "rate",
          pipeline: pipeline.name,
          scenario: `rate ${rate}/s`,
          run: () => runScenario(pipeline, workload(plan.tenants, unique, `r${rate}`), rate),
        });
      }
    }
  }
  if (sections.has("scale")) {
    for (const count of plan.scale) {
      out.push({
        section: "scale",
        pipeline: switchboard.name,
        scenario: `scale ${count}`,
        run: () => runScenario(switchboard, workload(count, plan.scaleUnique, `s${count}`)),
      });
    }
  }
  return out;
}
