import { describe, expect, it } from "vitest";
import { defaultStrategy, Strategy } from "../../../events/strategy";
import { checkDraft, diffStrategies, errorsByField, toDraft } from "./strategy-form";

const draft = () => toDraft(defaultStrategy);

describe("the strategy form", () => {
  it("accepts the defaults as they are shown", () => {
    const check = checkDraft(draft());
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.strategy).toEqual(defaultStrategy);
  });

  it("reads one keyword per line, ignoring blank lines and spaces around them", () => {
    const check = checkDraft({ ...draft(), seed_keywords: " budget apps \n\n crypto tax\n" });
    expect(check.ok && check.strategy.seed_keywords).toEqual(["budget apps", "crypto tax"]);
  });

  it("shows the schema's own message beside the field, and the line of a duplicate keyword", () => {
    const check = checkDraft({
      ...draft(),
      max_difficulty: "101",
      seed_keywords: "budget apps\nBudget  Apps",
      cycle_cron: "every day",
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const expected = Strategy.safeParse({ ...defaultStrategy, max_difficulty: 101 });
    expect(check.errors.max_difficulty).toEqual([expected.error?.issues[0]?.message]);
    expect(check.errors.seed_keywords).toEqual(['line 2: duplicate keyword "Budget  Apps"']);
    expect(check.errors.cycle_cron?.[0]).toMatch(/^not a valid cron expression/);
  });

  it("asks for a number rather than quietly taking a default when a box is empty", () => {
    const check = checkDraft({ ...draft(), min_volume: "  " });
    expect(!check.ok && check.errors.min_volume).toEqual(["enter a number"]);
  });

  it("puts a 422's field errors beside their fields, and the rest apart", () => {
    const mapped = errorsByField([
      { path: "template", message: "must be a lowercase slug" },
      { path: "seed_keywords.0", message: "too long" },
      { path: "", message: "something else" },
    ]);
    expect(mapped.fields).toEqual({
      template: ["must be a lowercase slug"],
      seed_keywords: ["line 1: too long"],
    });
    expect(mapped.other).toEqual(["something else"]);
  });

  it("lists the fields two versions differ in", () => {
    const after = { ...defaultStrategy, max_difficulty: 30, seed_keywords: ["a", "b"] };
    expect(diffStrategies(defaultStrategy, after)).toEqual([
      { field: "seed_keywords", before: "(none)", after: "a, b" },
      { field: "max_difficulty", before: "40", after: "30" },
    ]);
  });
});
