import { describe, expect, it } from "vitest";
import { describePreview } from "./dead-letters-page";

const letter = (id: string, effect: string) => ({
  id,
  queue: "events",
  tenant_id: "acme",
  event_id: id,
  type: "social.posted",
  effect,
  reason: "",
});

describe("a redrive preview in words", () => {
  it("counts what would be applied, skipped and left to a service, and says nothing was sent", () => {
    const text = describePreview({
      preview: true,
      letters: [
        letter("a", "apply"),
        letter("b", "apply"),
        letter("c", "skip"),
        letter("d", "destination-decides"),
      ],
      missing: ["gone"],
      refused: [{ id: "old", reason: "too old" }],
    });
    expect(text).toBe(
      "Preview: would apply 2 · skip 1 (applied already) · 1 to a service's queue (its dedup decides) · already gone 1 · refused 1. Nothing was sent.",
    );
  });
});
