import type { ChaosClient } from "./client";
import type { Envelope, Ledger } from "./ledger";
import type { Random } from "./random";
import { type Planned, WAVES } from "./scenario";

/** Every delivery of every message, grouped in waves of ingest requests. */
export type DeliveryPlan = { waves: Envelope[][][] };

export type DeliveryOptions = {
  /** How many times each message is delivered: from `min` to `max` copies. */
  copies: { min: number; max: number };
  /** Ingest requests carry 1 to this many envelopes. */
  maxPerRequest: number;
};

/**
 * Duplicates injected at the producer: each message is delivered `copies` times, every
 * copy in a random wave (or the wave the message must go out in), the copies of a wave
 * shuffled together and cut into requests of random sizes. So copies of one message
 * land in different requests, in any order, often far apart.
 */
export function planDeliveries(
  planned: readonly Planned[],
  random: Random,
  options: DeliveryOptions,
): DeliveryPlan {
  const waves: Envelope[][] = Array.from({ length: WAVES }, () => []);
  for (const { envelope, wave } of planned) {
    const copies = random.int(options.copies.min, options.copies.max);
    for (let i = 0; i < copies; i++) waves[wave ?? random.int(0, WAVES - 1)]?.push(envelope);
  }
  return {
    waves: waves.map((copies) => {
      const shuffled = random.shuffle(copies);
      const requests: Envelope[][] = [];
      while (shuffled.length > 0)
        requests.push(shuffled.splice(0, random.int(1, options.maxPerRequest)));
      return requests;
    }),
  };
}

export type SendResult = { requests: number; accepted: number; uncertain: number };

/**
 * Posts a plan wave by wave (a wave starts once the previous one was answered, so the
 * queue holds its messages first), `concurrency` requests at a time, recording each
 * delivery in the ledger. A request without an answer is recorded as uncertain and not
 * retried here: the caller decides (after a restart it sends again).
 */
export async function sendPlan(
  client: ChaosClient,
  ledger: Ledger,
  plan: DeliveryPlan,
  concurrency = 4,
  shouldStop: () => boolean = () => false,
): Promise<SendResult> {
  const result: SendResult = { requests: 0, accepted: 0, uncertain: 0 };
  for (const wave of plan.waves) {
    const queue = [...wave];
    const worker = async () => {
      for (let request = queue.shift(); request; request = queue.shift()) {
        if (shouldStop()) return;
        const ids = request.map((e) => e.event_id);
        const outcome = await client.ingest(request);
        result.requests++;
        if (outcome.kind === "refused") {
          throw new Error(`ingest refused a valid request: ${outcome.status} ${outcome.detail}`);
        }
        const kind = outcome.kind === "accepted" ? "accepted" : "uncertain";
        ledger.record(ids, kind);
        result[kind] += ids.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return result;
}
