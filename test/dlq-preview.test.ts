import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DeadLetterInput, deadLetterId } from "../agents/ops/dead-letters";
import { createMessage, type Message } from "../events";
import { api, createTenant, postJson, uniqueTenant } from "./support/api";

/**
 * `POST /api/dlq/redrive` with `preview: true`: what a redrive would do to each letter,
 * said before anything is sent, and nothing changed by asking.
 */

const ops = () => env.OPS_AGENT.getByName("main");

function posted(tenant: string): Message {
  return createMessage(
    "social.posted",
    { content_id: `c-${crypto.randomUUID().slice(0, 8)}`, post_ids: ["p-1"] },
    { tenant_id: tenant, source: "social" },
  );
}

function letterOf(message: Message, queue: string): DeadLetterInput & { id: string } {
  return {
    id: deadLetterId(queue, message.tenant_id, message.event_id),
    queue,
    reason: "retries exhausted",
    attempts: 6,
    event_id: message.event_id,
    type: message.type,
    tenant_id: message.tenant_id,
    body: JSON.stringify(message),
    seen_at: new Date().toISOString(),
  };
}

type Preview = {
  preview: true;
  letters: { id: string; effect: string; reason: string }[];
  missing: string[];
  refused: { id: string }[];
};

describe("a redrive preview", () => {
  it("says for each letter whether its agent would apply it or skip it, and sends nothing", async () => {
    // Given three letters of one tenant: one its agent applied already, one it never
    // applied, and one on a service's command queue
    const tenant = await createTenant(uniqueTenant("preview"));
    const [done, pending, command] = [posted(tenant), posted(tenant), posted(tenant)];
    const agent = await env.TENANT_AGENT.getByName(tenant);
    await agent.applyEvents([done]);
    const letters = [
      letterOf(done, "events"),
      letterOf(pending, "events"),
      letterOf(command, "social-commands"),
    ];
    await ops().recordDeadLetters(letters);

    // When a redrive of all of them, and of one that is not there, is previewed
    const ids = [...letters.map((l) => l.id), "events:nobody:nothing"];
    const response = await postJson("/api/dlq/redrive", { ids, preview: true });

    // Then each letter says what would happen to it,
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    const effect = Object.fromEntries(preview.letters.map((l) => [l.id, l.effect]));
    expect(effect).toEqual({
      [letters[0]?.id ?? ""]: "skip",
      [letters[1]?.id ?? ""]: "apply",
      [letters[2]?.id ?? ""]: "destination-decides",
    });
    expect(preview.missing).toEqual(["events:nobody:nothing"]);
    // and nothing was sent or removed: every letter is still in the store,
    const listed = await api(`/api/dlq?tenant=${tenant}`);
    const page = (await listed.json()) as { dead_letters: { id: string }[] };
    expect(new Set(page.dead_letters.map((l) => l.id))).toEqual(new Set(letters.map((l) => l.id)));
    // nor applied: the agent still has not applied the pending one.
    expect(await agent.appliedAmong([pending.event_id, done.event_id])).toEqual([done.event_id]);
  });

  it("refuses a preview flag that is not a boolean, naming the field", async () => {
    const response = await postJson("/api/dlq/redrive", { ids: ["x"], preview: "yes" });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain("preview");
  });
});
