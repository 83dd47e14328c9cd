import { localOutline } from "./local-outline";
import { localDraft } from "./local-prose";
import type { Draft, DraftRequest, Outline, OutlineRequest, TextProvider } from "./provider";
import { seededRandom } from "./seeded";

/**
 * The default writer: local, offline and deterministic. The same keyword, research
 * and template always give the same article, so a replayed step writes what the first
 * attempt wrote, and tests can assert on the text.
 */
export class LocalTextProvider implements TextProvider {
  readonly name = "local";

  async outline({ brief, template }: OutlineRequest): Promise<Outline> {
    return localOutline(brief, template, seededRandom(`outline|${template}|${seedOf(brief)}`));
  }

  async draft({ brief, template, outline }: DraftRequest): Promise<Draft> {
    return localDraft(brief, outline, seededRandom(`draft|${template}|${seedOf(brief)}`));
  }
}

function seedOf(brief: OutlineRequest["brief"]): string {
  return [brief.keyword.toLowerCase(), brief.volume, brief.difficulty, ...brief.related].join("|");
}
