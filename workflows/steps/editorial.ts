import { PermanentStepError } from "../errors";
import type { Draft } from "../text/provider";
import { countWords, slugify } from "../text/words";

/** An article that passed the editor: tidy markdown and the facts the platform keeps about it. */
export type EditedArticle = {
  title: string;
  /** The page's path segment under /sites/<tenant>/. */
  slug: string;
  markdown: string;
  word_count: number;
  /** The opening paragraph, for page descriptions and social posts (≤ 280 chars). */
  summary: string;
  sections: number;
};

/** Shorter than this is not an article; a longer one would not fit comfortably in a message. */
export const MIN_WORDS = 300;
export const MAX_MARKDOWN_CHARS = 100_000;

/**
 * Step "edit article": house rules every article meets before it is stored, whoever
 * wrote it. Fixes what it can (one H1 title first, tidy whitespace, repeated
 * paragraphs removed) and refuses, permanently, what it cannot (too short, no
 * sections, far too long): asking the same writer again gives the same article.
 */
export function editArticle(draft: Draft, keyword: string): EditedArticle {
  const title = draft.title.replace(/\s+/g, " ").trim() || keyword;
  const blocks = draft.markdown
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((block) => block.replace(/[ \t]+$/gm, "").trim())
    .filter(Boolean);

  const seen = new Set<string>();
  const body: string[] = [];
  for (const block of blocks) {
    // The title is set below; any other H1 becomes a section heading.
    if (/^#\s/.test(block) && body.length === 0 && !seen.has("#title")) {
      seen.add("#title");
      continue;
    }
    const fixed = block.replace(/^#\s/, "## ");
    if (!/^#{2,6}\s/.test(fixed) && seen.has(fixed)) continue;
    seen.add(fixed);
    body.push(fixed);
  }

  const markdown = `# ${title}\n\n${body.join("\n\n")}\n`;
  const sections = body.filter((b) => /^##\s/.test(b)).length;
  const word_count = countWords(markdown);
  if (markdown.length > MAX_MARKDOWN_CHARS) {
    throw new PermanentStepError(
      `the article is ${markdown.length} characters; the limit is ${MAX_MARKDOWN_CHARS}`,
    );
  }
  if (word_count < MIN_WORDS) {
    throw new PermanentStepError(
      `the article has ${word_count} words; at least ${MIN_WORDS} are needed`,
    );
  }
  if (sections < 2) {
    throw new PermanentStepError(`the article has ${sections} sections; at least 2 are needed`);
  }
  return {
    title,
    slug: slugify(keyword),
    markdown,
    word_count,
    summary: summaryOf(body),
    sections,
  };
}

/** The article's one-line description (an italic paragraph) if it has one, else its first paragraph. */
function summaryOf(blocks: readonly string[]): string {
  const description = blocks.find((b) => /^\*[^*\n].*\*$/.test(b));
  const prose = description ?? blocks.find((b) => !/^(#|[-*+]\s|\d+\.\s|>)/.test(b));
  const text = (prose ?? blocks[0] ?? "")
    .replace(/[*_`#>]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length <= 280 ? text : `${text.slice(0, 279).replace(/\s+\S*$/, "")}…`;
}
