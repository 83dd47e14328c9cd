import type { DeadLetter, DeadLetterFilter, RefusedLetter } from "../../agents/ops/dead-letters";
import { describeError } from "../../events";
import { isConsumedQueue } from "../../events/queue-names";
import { log } from "../../platform/log";
import { producerFor } from "../../platform/queues/bindings";
import { chunkForSend } from "../../platform/queues/send-all";
import { opsAgent, tenantAgent } from "../agent-stubs";

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
      log({
        level: "error",
        msg: "redriven letters not removed",
        error: String(error),
      });
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

/** What a redrive would do to one letter, said before anything is sent. */
export type RedrivePreviewItem = {
  id: string;
  queue: string;
  tenant_id: string | null;
  event_id: string | null;
  type: string | null;
  /**
   * `apply`: its tenant's agent has not applied it, so it would take effect there.
   * `skip`: the agent applied it already; its dedup would skip it (the letter would
   * only leave the store). `destination-decides`: a service's command queue, whose own
   * dedup decides. `unknown`: its agent could not be asked.
   */
  effect: "apply" | "skip" | "destination-decides" | "unknown";
  reason: string;
};

export type RedrivePreview = {
  preview: true;
  /** The letters a redrive would send now, each with what it would do. */
  letters: RedrivePreviewItem[];
  missing: string[];
  /** Past the redrive horizon: a redrive would refuse them. */
  refused: RefusedLetter[];
};

/** Queues whose consumer delivers to the tenant's agent, whose dedup can be asked. */
const AGENT_QUEUES = new Set(["events", "agent-commands"]);

/**
 * What `redrive` would do with the same selection, changing nothing: which letters it
 * would send, which it would refuse and why, and for each letter bound for a tenant's
 * agent whether that agent applied it already (one call per tenant).
 */
export async function previewRedrive(
  env: Env,
  selection: RedriveSelection,
): Promise<RedrivePreview> {
  const ops = await opsAgent(env);
  const { letters, missing, refused } = await ops.deadLettersForRedrive(selection);
  const byTenant = new Map<string, string[]>();
  for (const l of letters) {
    if (!AGENT_QUEUES.has(l.queue) || !l.tenant_id || !l.event_id) continue;
    byTenant.set(l.tenant_id, [...(byTenant.get(l.tenant_id) ?? []), l.event_id]);
  }
  const applied = new Map<string, Set<string> | null>();
  await Promise.all(
    [...byTenant].map(async ([tenant, ids]) => {
      try {
        const agent = await tenantAgent(env, tenant);
        applied.set(tenant, new Set(await agent.appliedAmong(ids)));
      } catch {
        applied.set(tenant, null);
      }
    }),
  );
  return {
    preview: true,
    letters: letters.map((l) => previewOf(l, applied)),
    missing,
    refused,
  };
}

function previewOf(
  letter: DeadLetter,
  applied: ReadonlyMap<string, Set<string> | null>,
): RedrivePreviewItem {
  const base = {
    id: letter.id,
    queue: letter.queue,
    tenant_id: letter.tenant_id,
    event_id: letter.event_id,
    type: letter.type,
  };
  if (!isConsumedQueue(letter.queue)) {
    return { ...base, effect: "unknown", reason: `unknown queue ${letter.queue}: not sent` };
  }
  if (!AGENT_QUEUES.has(letter.queue) || !letter.tenant_id || !letter.event_id) {
    return {
      ...base,
      effect: "destination-decides",
      reason: `sent back to ${letter.queue}; its consumer's own dedup decides`,
    };
  }
  const seen = applied.get(letter.tenant_id);
  if (seen === null || seen === undefined) {
    return {
      ...base,
      effect: "unknown",
      reason: `the agent of ${letter.tenant_id} could not be asked; a redrive sends it anyway`,
    };
  }
  return seen.has(letter.event_id)
    ? {
        ...base,
        effect: "skip",
        reason: `${letter.tenant_id}'s agent applied ${letter.event_id} already: its dedup skips it`,
      }
    : {
        ...base,
        effect: "apply",
        reason: `${letter.tenant_id}'s agent has not applied ${letter.event_id}: it would take effect`,
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
