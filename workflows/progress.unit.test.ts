import { describe, expect, it } from "vitest";
import { CONTENT_STEPS, progressOf } from "./progress";

describe("run progress", () => {
  it("numbers reports in step order, so a later report always has a higher number", () => {
    const seqs = CONTENT_STEPS.flatMap((step) => [
      progressOf(step, "running").seq,
      progressOf(step, "done").seq,
    ]);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("gives a replayed report the same number as the first one", () => {
    expect(progressOf("draft article", "running")).toEqual(progressOf("draft article", "running"));
  });

  it("reaches 100 percent when the last step is done", () => {
    expect(progressOf("publish article", "done").percent).toBe(1);
    expect(progressOf("fetch research", "running").percent).toBe(0);
  });
});
