import type { Message, MessageType } from "../../events";
import type { BatchReport } from "../../events/batch-report";
import type { LogEntry } from "../log";
import type { DeadLetterWrapper } from "../queues/dead-letter";
import type { ReportBuilder } from "./report";

/** The queue message as the runtime hands it to a consumer (only what the pipeline uses). */
export type RawMessage = {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
};

/** What the handler (or a middleware) decided for one message. */
export type Outcome =
  | { status: "acked" }
  | { status: "duplicate" }
  /** Kept by a paused tenant's agent, to be applied on resume (agents/tenant/pause.ts). */
  | { status: "held" }
  | { status: "failed"; error: unknown };

/** What finally happened to the message on its queue, set by the settle middleware. */
export type Disposition = "acked" | "duplicate" | "held" | "retried" | "dead-lettered";

/** One message travelling through a consumer's pipeline. */
export type Delivery = {
  raw: RawMessage;
  /** The envelope this delivery carries: the raw body, or one envelope of a bundle. */
  body: unknown;
  /** Set by the parse middleware once the body is a valid catalog message. */
  message?: Message;
  outcome?: Outcome;
  disposition?: Disposition;
  /** Why it was retried or dead-lettered (the failure's description). */
  reason?: string;
  /** The retry delay chosen, when retried. */
  delaySeconds?: number;
};

/** Effects the pipeline needs from the outside world; the Worker wires the real ones. */
export type ConsumerDeps = {
  /** Sends letters to the queue's dead-letter queue in one call. */
  sendDeadLetters(letters: DeadLetterWrapper[]): Promise<void>;
  /** Hands the batch's report on (the Worker buffers it: one OpsAgent call a second at most). */
  flushReport(report: BatchReport): Promise<void>;
  log(entry: LogEntry): void;
  now(): number;
  /**
   * Work that must finish but that no message waits for (a cache refresh): the Worker
   * hands it to `waitUntil`; without one (tests), it runs on, unawaited.
   */
  background?(work: Promise<unknown>): void;
};

export type { LogEntry };

/** What every stage of one batch shares. */
export type ConsumerContext = {
  queue: string;
  env: Env;
  deps: ConsumerDeps;
  report: ReportBuilder;
};

/** A step of the pipeline over a whole batch; it settles deliveries by setting `outcome`. */
export type Stage = (deliveries: Delivery[], ctx: ConsumerContext) => Promise<void>;

/** Wraps a stage with behaviour before and after it. */
export type Middleware = (next: Stage) => Stage;

/** What a message handler can tell the pipeline about single messages. */
export type HandlerContext = {
  queue: string;
  /** Marks a message failed; the error's class decides retry or dead letter. */
  fail(message: Message, error: unknown): void;
  /** Marks a message as skipped because it was already processed. */
  duplicate(message: Message): void;
  /** Marks a message as held by a paused tenant's agent: acked, applied on resume. */
  held(message: Message): void;
  /** Adds to the batch's billable-operation meter and rule hits. */
  report: ReportBuilder;
  /** Runs work past the batch (the Worker's `waitUntil`): see `ConsumerDeps.background`. */
  background(work: Promise<unknown>): void;
};

/**
 * A consumer's business logic over the parsed messages of one batch. Messages it does
 * not mark are acked when it returns; if it throws, every unmarked message fails with
 * that error. Services are handlers: `(messages, env) => …` is enough.
 */
export type MessageHandler<T extends MessageType = MessageType> = (
  messages: Message<T>[],
  env: Env,
  ctx: HandlerContext,
) => Promise<void>;
