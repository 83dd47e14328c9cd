import { describe, expect, it } from "vitest";
import { contentStatus } from "./content-view";

const base = {
  run_status: "running",
  step: "draft article",
  error: null,
  article_status: null,
  published_at: null,
};

describe("an article's status", () => {
  it("is writing while its run works, and awaiting approval at the approval step", () => {
    expect(contentStatus(base)).toBe("writing");
    expect(
      contentStatus({
        ...base,
        run_status: "waiting",
        step: "wait for approval",
        article_status: "stored",
      }),
    ).toBe("awaiting approval");
  });

  it("is publishing once ready, and published once the publisher answered", () => {
    expect(contentStatus({ ...base, article_status: "ready", step: "publish article" })).toBe(
      "publishing",
    );
    expect(
      contentStatus({
        ...base,
        run_status: "complete",
        article_status: "ready",
        published_at: "2026-11-22T10:00:00Z",
      }),
    ).toBe("published");
  });

  it("says how a run that ended without an article ended", () => {
    expect(contentStatus({ ...base, run_status: "errored", error: "rejected: off brand" })).toBe(
      "rejected",
    );
    expect(contentStatus({ ...base, run_status: "errored", error: "provider timed out" })).toBe(
      "failed",
    );
    expect(contentStatus({ ...base, run_status: "terminated" })).toBe("cancelled");
  });
});
