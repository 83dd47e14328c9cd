import { describe, expect, it } from "vitest";
import { reasonOf } from "./errors";

describe("a failure's reason", () => {
  it("says what went wrong, without the engine's NonRetryableError prefix", () => {
    expect(reasonOf(new Error("NonRetryableError: the text provider answered 400"))).toBe(
      "the text provider answered 400",
    );
  });

  it("is one line of at most 500 characters", () => {
    const reason = reasonOf(new Error(`first\nsecond ${"x".repeat(600)}`));
    expect(reason.startsWith("first second")).toBe(true);
    expect(reason.length).toBe(500);
  });
});
