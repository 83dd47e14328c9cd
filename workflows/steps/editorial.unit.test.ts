import { describe, expect, it } from "vitest";
import { PermanentStepError } from "../errors";
import { editArticle } from "./editorial";

const sentence = "Winter tyres keep their grip on cold roads because the rubber stays soft.";
/** A distinct paragraph of 2 + 8 × 13 = 106 words. */
const para = (n: number) => [`Part ${n}.`, ...Array.from({ length: 8 }, () => sentence)].join(" ");

function article(...blocks: string[]): string {
  return blocks.join("\n\n");
}

describe("the editor", () => {
  it("puts the title first as the only top-level heading", () => {
    const edited = editArticle(
      {
        title: "Winter Tyres",
        markdown: article("# Old Title", para(1), "# Second Top", para(2), "## More", para(3)),
      },
      "winter tyres",
    );
    expect(edited.markdown.startsWith("# Winter Tyres\n\n")).toBe(true);
    expect(edited.markdown.match(/^# /gm)).toHaveLength(1);
    expect(edited.markdown).toContain("## Second Top");
  });

  it("removes a paragraph repeated word for word", () => {
    const repeated = para(2);
    const edited = editArticle(
      { title: "T", markdown: article("## A", para(1), repeated, "## B", para(3), repeated) },
      "t",
    );
    expect(edited.markdown.split(repeated).length - 1).toBe(1);
  });

  it("counts words of prose, not markup, and derives the slug from the keyword", () => {
    const edited = editArticle(
      { title: "T", markdown: article("## A", `**${para(1)}**`, "## B", `- ${para(2)}`, para(3)) },
      "Winter Tyres (2025)!",
    );
    // The title, two headings and three paragraphs of 106 words.
    expect(edited.word_count).toBe(1 + 2 + 3 * 106);
    expect(edited.slug).toBe("winter-tyres-2025");
    expect(edited.summary.startsWith("Part 1. Winter tyres keep")).toBe(true);
  });

  it("refuses, permanently, an article that is too short", () => {
    expect(() =>
      editArticle({ title: "T", markdown: article("## A", sentence, "## B", sentence) }, "t"),
    ).toThrowError(PermanentStepError);
  });

  it("refuses, permanently, an article without sections", () => {
    expect(() =>
      editArticle({ title: "T", markdown: article(para(1), para(2), para(3), para(4)) }, "t"),
    ).toThrowError(/sections/);
  });
});
