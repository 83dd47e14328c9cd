import { type MessageType, unbundle } from "../../events";
import { compose } from "./compose";
import { type DedupStore, dedup } from "./dedup";
import { log } from "./log";
import { metrics } from "./metrics";
import { parse } from "./parse";
import { ReportBuilder } from "./report";
import { settle } from "./settle";
import type { ConsumerDeps, Delivery, Middleware, RawMessage, Stage } from "./types";

export type PipelineOptions<T extends MessageType = MessageType> = {
  /** The types this queue takes; anything else is dead-lettered at once. */
  accepts?: readonly T[];
  /** Dedup for consumers with storage of their own (see `dedup.ts`). */
  dedup?: DedupStore;
  /** Whether first deliveries here count as events entering the platform (the meter). */
  countsEvents?: boolean;
  /** The queue's `max_retries`: the last delivery's failure is dead-lettered with its reason. */
  maxRetries?: number;
};

/**
 * The standard middleware, outermost first: metrics → log → settle → parse → dedup.
 * Metrics and logs see every message's final disposition; settle acks, retries or
 * dead-letters what the inner stages decided; parse turns bodies into catalog messages
 * (a bad body fails permanently) before dedup and the handler see them.
 */
export function standardPipeline<T extends MessageType>(
  options: PipelineOptions<T>,
): (inner: Stage) => Stage {
  const middlewares: Middleware[] = [
    metrics({ countsEvents: options.countsEvents ?? false }),
    log,
    settle({ ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) }),
    parse(options.accepts),
  ];
  if (options.dedup) middlewares.push(dedup(options.dedup));
  return compose(...middlewares);
}

/**
 * The middleware of a consumer over raw bodies (dead-letter queues, whose bodies are
 * anything by nature): metrics, logs and settling, without parsing.
 */
export function rawPipeline(): (inner: Stage) => Stage {
  return compose(metrics({ countsEvents: false }), log, settle());
}

/**
 * Runs one batch through a stage. A bundle becomes one delivery per envelope, all
 * sharing the queue message; `settle` acks that message once all of them are done.
 */
export async function runBatch(
  queue: string,
  stage: Stage,
  messages: readonly RawMessage[],
  env: Env,
  deps: ConsumerDeps,
): Promise<Delivery[]> {
  const deliveries: Delivery[] = messages.flatMap((raw) =>
    unbundle(raw.body).map((body) => ({ raw, body })),
  );
  await stage(deliveries, { queue, env, deps, report: new ReportBuilder() });
  return deliveries;
}
