import type { DeadLetter, DeadLetterFilter, RefusedLetter } from "../../agents/ops/dead-letters";
import { chunkForSend } from "../../agents/shared/send-all";
import { describeError } from "../../events";
import { opsAgent } from "../agent-stubs";
import { isConsumedQueue, producerFor } from "./names";

/** Which letters to redrive: these ids, or those matching a filter (oldest first, up to `limit`). */
export type RedriveSelection = { ids: string[] } | { filter: DeadLetterFilter; limit: number };

export type RedriveResult = {
  /** Sent back to their queue and removed from the store. */
  redriven: string[];
  /** Ids asked for that are not in the store. */
  missing: string[];
  /** Not sent (their queue refused); they stay in the store. */
  failed: { id: string; error: string }[];
  /** Sent, but still in the store: dead-lettered again while this ran (or not yet removed). */
  kept: string[];
  /**
   * Not sent, and still in the store: first seen longer ago than the dedup horizon, so
   * a destination may have forgotten it applied them (by filter, up to `limit` listed).
   */
  refused: RefusedLetter[];
};

/**
 * Sends dead letters back to the queue they were consumed from, as new messages (their
 * attempts start again), then removes from the store only those whose send succeeded
 * and which were not stored again meanwhile. What a destination already applied is
 * skipped there by its dedup, so a redrive is always safe to repeat — which is why a
 * letter first seen longer ago than that dedup remembers is refused, never sent.
 */
export async function redrive(env: Env, selection: RedriveSelection): Promise<RedriveResult> {
  const ops = await opsAgent(env);
  const { letters, missing, refused } = await ops.deadLettersForRedrive(selection);
  const failed: RedriveResult["failed"] = [];
  const sent: { id: string; version: number }[] = [];

  const byQueue = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    byQueue.set(letter.queue, [...(byQueue.get(letter.queue) ?? []), letter]);
  }
  for (const [queue, group] of byQueue) {
    if (!isConsumedQueue(queue)) {
      for (const l of group) failed.push({ id: l.id, error: `unknown queue ${queue}` });
      continue;
    }
    const producer = producerFor(env, queue);
    for (const chunk of chunkForSend(group.map((l) => originalBody(l)))) {
      const inChunk = group.slice(chunk.start, chunk.start + chunk.requests.length);
      try {
        await producer.sendBatch(chunk.requests);
        for (const l of inChunk) sent.push({ id: l.id, version: l.version });
      } catch (error) {
        for (const l of inChunk) failed.push({ id: l.id, error: describeError(error) });
      }
    }
  }

  let removed: string[] = [];
  if (sent.length > 0) {
    try {
      removed = await ops.removeRedriven(sent);
    } catch (error) {
      // Sent but not removed: a later redrive sends them again, and dedup skips them.
      console.error(
        JSON.stringify({
          level: "error",
          msg: "redriven letters not removed",
          error: String(error),
        }),
      );
    }
  }
  const removedSet = new Set(removed);
  return {
    redriven: removed,
    missing,
    failed,
    kept: sent.map((s) => s.id).filter((id) => !removedSet.has(id)),
    refused,
  };
}

/** The body as it was on the queue; a body stored as plain text goes back as text. */
function originalBody(letter: DeadLetter): unknown {
  try {
    return JSON.parse(letter.body) as unknown;
  } catch {
    return letter.body;
  }
}
