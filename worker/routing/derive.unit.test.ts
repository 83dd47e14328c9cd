import { describe, expect, it } from "vitest";
import { InvalidMessageError, type Message, parseMessage } from "../../events";
import { rawEnvelope } from "../../events/fixtures";
import { type DerivingDestination, deriveCommand, FAN_OUT_SOURCE } from "./derive";

const toSocial: DerivingDestination = {
  kind: "queue",
  queue: "social-commands",
  as: "social.post",
  map: { content_id: "payload.content_id", url: "payload.urls.0" },
};

function published(overrides: Record<string, unknown> = {}): Message {
  const parsed = parseMessage(rawEnvelope("content.published", overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.message;
}

const at = new Date("2026-01-01T00:00:00Z");

describe("a destination that turns an event into a command", () => {
  it("given a published article, when it is mapped to social.post, then the command carries the id and the first url", async () => {
    const source = published({ correlation_id: "cycle-7" });
    const command = await deriveCommand(source, toSocial, "social-on-publish", at);
    expect(command).toMatchObject({
      type: "social.post",
      source: FAN_OUT_SOURCE,
      tenant_id: source.tenant_id,
      causation_id: source.event_id,
      correlation_id: "cycle-7",
      payload: { content_id: "c-1", url: "https://brand.example/blog/trail-running-shoes" },
    });
  });

  it("given a source without a correlation, then the command's chain starts at the source", async () => {
    const source = published();
    const command = await deriveCommand(source, toSocial, "social-on-publish", at);
    expect(command.correlation_id).toBe(source.event_id);
  });

  it("given the same source delivered twice, then both commands have the same event id", async () => {
    const source = published();
    const first = await deriveCommand(source, toSocial, "social-on-publish", at);
    const again = await deriveCommand(source, toSocial, "social-on-publish", new Date());
    expect(again.event_id).toBe(first.event_id);
    expect(first.event_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("given different sources or rules, then the command ids differ", async () => {
    const a = await deriveCommand(published(), toSocial, "r1", at);
    const b = await deriveCommand(
      published({ event_id: "00000000-0000-4000-8000-000000000009" }),
      toSocial,
      "r1",
      at,
    );
    const c = await deriveCommand(published(), toSocial, "r2", at);
    expect(new Set([a.event_id, b.event_id, c.event_id]).size).toBe(3);
  });

  it("given a mapping that misses a required field, then it refuses to build the command", async () => {
    const broken = { ...toSocial, map: { content_id: "payload.content_id" } };
    await expect(deriveCommand(published(), broken, "r", at)).rejects.toBeInstanceOf(
      InvalidMessageError,
    );
  });
});
