import { PermanentStepError } from "../errors";
import {
  type Draft,
  Outline,
  type ResearchBrief,
  type Template,
  type TextProvider,
} from "../text/provider";

/** Step "outline article": the provider's plan, checked before anything is written from it. */
export async function outlineArticle(
  provider: TextProvider,
  brief: ResearchBrief,
  template: Template,
  traceparent?: string,
): Promise<Outline> {
  const outline = Outline.safeParse(await provider.outline({ brief, template, traceparent }));
  if (!outline.success) {
    throw new PermanentStepError(`${provider.name} returned an outline with the wrong shape`);
  }
  return outline.data;
}

/** Step "draft article": the article written from the outline. */
export async function draftArticle(
  provider: TextProvider,
  brief: ResearchBrief,
  template: Template,
  outline: Outline,
  traceparent?: string,
): Promise<Draft> {
  const draft = await provider.draft({ brief, template, outline, traceparent });
  if (!draft.markdown.trim()) throw new PermanentStepError(`${provider.name} wrote nothing`);
  return draft;
}
