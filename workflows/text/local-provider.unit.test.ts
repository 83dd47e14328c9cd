import { describe, expect, it } from "vitest";
import { editArticle, MIN_WORDS } from "../steps/editorial";
import { estimateBrief } from "../steps/fetch-research";
import { LocalTextProvider } from "./local-provider";
import { type ResearchBrief, TEMPLATES, type Template } from "./provider";

const provider = new LocalTextProvider();

function brief(keyword: string, extra: Partial<ResearchBrief> = {}): ResearchBrief {
  return { ...estimateBrief(keyword), ...extra };
}

async function write(b: ResearchBrief, template: Template) {
  const outline = await provider.outline({ brief: b, template });
  return provider.draft({ brief: b, template, outline });
}

describe("the local text provider", () => {
  it("writes the same article for the same keyword, research and template", async () => {
    const b = brief("home espresso machines", { related: ["grinders", "milk frothing"] });
    expect(await write(b, "guide")).toEqual(await write(b, "guide"));
  });

  it("writes a different article for a different template", async () => {
    const b = brief("home espresso machines");
    const guide = await write(b, "guide");
    const listicle = await write(b, "listicle");
    expect(guide.title).not.toBe(listicle.title);
  });

  it("writes articles the editor accepts for every template and many keywords", async () => {
    const keywords = [
      "budget apps",
      "how to repot a monstera",
      "best trail running shoes",
      "index funds vs etfs",
      "cheap flights to lisbon",
      "sourdough starter",
      "a",
    ];
    for (const keyword of keywords) {
      for (const template of TEMPLATES) {
        const edited = editArticle(await write(brief(keyword), template), keyword);
        expect(edited.word_count, `${keyword} / ${template}`).toBeGreaterThanOrEqual(MIN_WORDS);
        expect(edited.sections).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("answers the questions research found, each under its own heading", async () => {
    const b = brief("composting at home", {
      questions: ["can you compost in an apartment", "does compost smell"],
    });
    const draft = await write(b, "guide");
    expect(draft.markdown).toContain("### Can you compost in an apartment?");
    expect(draft.markdown).toContain("### Does compost smell?");
  });

  it("writes about the related topics research found", async () => {
    const b = brief("composting at home", { related: ["worm bins", "bokashi"] });
    const draft = await write(b, "comparison");
    expect(draft.markdown).toContain("## Worm Bins");
    expect(draft.markdown).toContain("## Bokashi");
  });

  it("starts with the title as the only top-level heading", async () => {
    const draft = await write(brief("winter tyres"), "how-to");
    expect(draft.markdown.startsWith(`# ${draft.title}\n`)).toBe(true);
    expect(draft.markdown.match(/^# /gm)).toHaveLength(1);
  });
});
