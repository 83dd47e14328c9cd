import { describe, expect, it } from "vitest";
import { CONSUMED_QUEUES } from "../../events/queue-names";
import wranglerConfig from "../../wrangler.local.jsonc?raw";
import { DLQ_DLQ_MAX_RETRIES, DLQ_MAX_RETRIES } from "./dlq-consumer";

type ConsumerConfig = { queue: string; max_retries?: number; dead_letter_queue?: string };

function consumers(): ConsumerConfig[] {
  // Whole-line comments only in that file, so dropping them leaves plain JSON.
  const text = wranglerConfig
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  return (JSON.parse(text) as { queues: { consumers: ConsumerConfig[] } }).queues.consumers;
}

describe("the dead-letter queues in the Workers' configs (wrangler.local.jsonc)", () => {
  it.each(CONSUMED_QUEUES)(
    "gives %s-dlq a dead-letter queue of its own, consumed here",
    (queue) => {
      const dlq = consumers().find((c) => c.queue === `${queue}-dlq`);
      expect(dlq).toMatchObject({
        max_retries: DLQ_MAX_RETRIES,
        dead_letter_queue: `${queue}-dlq-dlq`,
      });
      const last = consumers().find((c) => c.queue === `${queue}-dlq-dlq`);
      // The last level has no queue behind it: its consumer logs what it cannot store.
      expect(last).toEqual({
        queue: `${queue}-dlq-dlq`,
        max_batch_size: 100,
        max_batch_timeout: 1,
        max_retries: DLQ_DLQ_MAX_RETRIES,
      });
    },
  );
});
