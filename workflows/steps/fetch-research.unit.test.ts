import { describe, expect, it } from "vitest";
import { PermanentStepError } from "../errors";
import { ContentRunParams } from "../params";
import { estimateBrief, fetchResearch } from "./fetch-research";

const params = (extra: Record<string, unknown> = {}) =>
  ContentRunParams.parse({ tenant_id: "acme", keyword: "best running shoes", ...extra });

describe("fetching research", () => {
  it("estimates a stable brief from the keyword when the run has no research", async () => {
    const brief = await fetchResearch(params(), async () => {
      throw new Error("not called");
    });
    expect(brief).toEqual(estimateBrief("best running shoes"));
    expect(brief.intent).toBe("commercial");
  });

  it("reads the research record the run names", async () => {
    const record = { ...estimateBrief("best running shoes"), research_id: "r-9", volume: 1234 };
    const brief = await fetchResearch(params({ research_id: "r-9" }), async (tenant, id) =>
      tenant === "acme" && id === "r-9" ? record : null,
    );
    expect(brief).toMatchObject({ research_id: "r-9", volume: 1234 });
  });

  it("fails permanently when the named research does not exist", async () => {
    await expect(fetchResearch(params({ research_id: "r-404" }), async () => null)).rejects.toThrow(
      PermanentStepError,
    );
  });
});
