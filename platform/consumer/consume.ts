import type { MessageType } from "../../events";
import { isConsumedQueue, MAX_RETRIES } from "../../events/queue-names";
import { workerDeps } from "./deps";
import { handle } from "./handle";
import { type PipelineOptions, rawPipeline, runBatch, standardPipeline } from "./pipeline";
import type { ConsumerDeps, MessageHandler, Stage } from "./types";

/** A queue consumer as the Worker's `queue()` calls it. */
export type Consumer = (
  batch: MessageBatch<unknown>,
  env: Env,
  exec?: ExecutionContext,
) => Promise<void>;

export type ConsumeOptions<T extends MessageType = MessageType> = PipelineOptions<T> & {
  /** Replaces the real effects (tests). */
  deps?: (env: Env, queue: string, exec?: ExecutionContext) => ConsumerDeps;
};

/**
 * Wraps a handler in the standard consumer middleware (`standardPipeline`): wrapping a
 * service is one line, `consume("research-commands", research)`. With `accepts`, the
 * handler gets only those types (others are dead-lettered at once).
 */
export function consume(queue: string, handler: MessageHandler, options?: ConsumeOptions): Consumer;
export function consume<T extends MessageType>(
  queue: string,
  handler: MessageHandler<T>,
  options: ConsumeOptions<T> & { accepts: readonly T[] },
): Consumer;
export function consume<T extends MessageType>(
  queue: string,
  handler: MessageHandler<T>,
  options: ConsumeOptions<T> = {},
): Consumer {
  const maxRetries = options.maxRetries ?? (isConsumedQueue(queue) ? MAX_RETRIES : undefined);
  const pipeline = standardPipeline({
    ...options,
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
  return consumer(queue, pipeline(handle(handler)), options.deps);
}

/** A consumer over raw bodies: metrics, logs and settling around `stage`, no parsing. */
export function consumeRaw(
  queue: string,
  stage: Stage,
  options: Pick<ConsumeOptions, "deps"> = {},
): Consumer {
  return consumer(queue, rawPipeline()(stage), options.deps);
}

function consumer(queue: string, stage: Stage, deps: ConsumeOptions["deps"]): Consumer {
  return async (batch, env, exec) => {
    await runBatch(queue, stage, batch.messages, env, (deps ?? workerDeps)(env, queue, exec));
  };
}
