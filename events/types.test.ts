import { describe, expectTypeOf, it } from "vitest";
import type {
  CommandType,
  EventType,
  KindOf,
  Message,
  MessageType,
  PayloadInputOf,
  PayloadOf,
} from "./catalog";
import type { Envelope } from "./envelope";
import { FIXED } from "./fixtures";
import { createMessage } from "./message";
import { parseMessage } from "./parse";

// These assertions are checked by `tsc -p tsconfig.node.json`; at run time they are no-ops.

const origin = { tenant_id: FIXED.tenant, source: "test" };

describe("catalog types", () => {
  it("gives research.requested a string[] of keywords and a literal priority", () => {
    expectTypeOf<PayloadOf<"research.requested">>().toEqualTypeOf<{
      keywords: string[];
      priority: "low" | "normal" | "high";
    }>();
  });

  it("lets a producer leave out a field that has a default", () => {
    expectTypeOf<PayloadInputOf<"research.requested">>().toEqualTypeOf<{
      keywords: string[];
      priority?: "low" | "normal" | "high" | undefined;
    }>();
  });

  it("marks optional payload fields optional", () => {
    expectTypeOf<PayloadOf<"workflow.failed">>().toHaveProperty("content_id");
    expectTypeOf<PayloadOf<"workflow.failed">["content_id"]>().toEqualTypeOf<string | undefined>();
  });

  it("types the performance period as a closed set", () => {
    expectTypeOf<PayloadOf<"performance.report">["period"]>().toEqualTypeOf<"7d" | "28d" | "90d">();
  });

  it("splits types into commands and events", () => {
    expectTypeOf<"research.requested">().toExtend<CommandType>();
    expectTypeOf<"research.completed">().toExtend<EventType>();
    expectTypeOf<"research.completed">().not.toExtend<CommandType>();
    expectTypeOf<CommandType | EventType>().toEqualTypeOf<MessageType>();
    expectTypeOf<KindOf<"social.post">>().toEqualTypeOf<"command">();
  });

  it("rejects a type outside the catalog", () => {
    // @ts-expect-error: not a catalog type
    expectTypeOf<PayloadOf<"content.deleted">>().toBeObject();
  });
});

describe("Message", () => {
  it("narrows the payload on type", () => {
    const result = parseMessage(null);
    if (result.ok && result.message.type === "content.published") {
      expectTypeOf(result.message.payload.urls).toEqualTypeOf<string[]>();
    }
    expectTypeOf<Message<"social.post">["payload"]>().toEqualTypeOf<PayloadOf<"social.post">>();
  });

  it("keeps the envelope fields outside type and payload", () => {
    expectTypeOf<Message<"cycle.requested">["correlation_id"]>().toEqualTypeOf<
      Envelope["correlation_id"]
    >();
    expectTypeOf<Message<"cycle.requested">["type"]>().toEqualTypeOf<"cycle.requested">();
  });

  it("is a union over every type by default", () => {
    expectTypeOf<Message["type"]>().toEqualTypeOf<MessageType>();
  });
});

describe("createMessage types", () => {
  it("returns a message of the requested type", () => {
    const make = () => createMessage("content.publish", { content_id: "c", keyword: "k" }, origin);
    expectTypeOf(make).returns.toEqualTypeOf<Message<"content.publish">>();
  });

  it("rejects a payload of another type at compile time", () => {
    const make = () =>
      // @ts-expect-error: content.publish has no `reason`
      createMessage("content.publish", { reason: "x" }, origin);
    expectTypeOf(make).toBeFunction();
  });

  it("rejects a missing payload field at compile time", () => {
    const make = () =>
      // @ts-expect-error: keyword is required
      createMessage("content.publish", { content_id: "c" }, origin);
    expectTypeOf(make).toBeFunction();
  });

  it("rejects a wrongly typed payload field at compile time", () => {
    const make = () =>
      // @ts-expect-error: priority is low/normal/high
      createMessage("research.requested", { keywords: ["k"], priority: "urgent" }, origin);
    expectTypeOf(make).toBeFunction();
  });

  it("rejects an unknown type at compile time", () => {
    const make = () =>
      // @ts-expect-error: not a catalog type
      createMessage("content.deleted", {}, origin);
    expectTypeOf(make).toBeFunction();
  });
});
