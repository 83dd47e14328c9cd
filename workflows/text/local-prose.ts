import type { Draft, Outline, ResearchBrief } from "./provider";
import { pick, pickSome, type Random } from "./seeded";
import { capitalize, formatCount, subjectOf } from "./words";

// The local writer's prose: each outline point becomes a paragraph (the point and two
// or three sentences that support it); a question becomes a sub-heading with an answer.

const SUPPORT = [
  "That sounds obvious, but it is where most of the value of {k} is decided.",
  "If you keep only one idea from this section, keep this one.",
  "People who get this right tend to spend far less time fixing things later.",
  "It also makes {r} easier to judge, because you know what you are comparing against.",
  "Write down what you expect before you start, and check it again after a week.",
  "A small trial costs little and tells you more than another hour of reading.",
  "The details differ from person to person, but the principle holds.",
  "This is usually the point where {r} enters the picture.",
  "Keep notes as you go; they make the next decision about {k} much quicker.",
  "Experienced people treat this as a habit rather than a one-off task.",
  "Skipping it rarely saves time in the end.",
  "It is worth revisiting every few months, because what you need from {k} changes.",
  "Reviews and forums are useful here, as long as you read the critical ones too.",
  "None of this needs special tools; a notebook or a simple spreadsheet is enough.",
  "Ask someone who has done it before; ten minutes of their time can save you a week.",
  "Be honest about how much time you will really spend on it.",
  "The cheapest choice is not always the one that costs least over a year.",
  "Most of the frustration people report comes from skipping this part.",
  "You do not need to get it perfect; you need to get it written down.",
  "When in doubt, choose the option that is easiest to undo.",
  "Small, steady improvements beat a big change that does not last.",
  "Set a date to look back at the decision, and keep it.",
  "If {r} matters a lot to you, give it more weight than the rest.",
  "A checklist helps here more than motivation does.",
];

const ANSWERS = [
  "It depends on what you need from {k}, but for most people {r} is what decides it.",
  "For most people, yes, provided they give it a fair trial of a few weeks before judging.",
  "Usually within a month, although the first improvements often show in the first week.",
  "Start with the simplest version that meets your goal and add to it only when you miss something.",
  "There is no single right answer; compare two options side by side and the choice tends to become clear.",
];

/** Draws sentences without repeating one until every one has been used. */
type Deck = () => string;

function deck(random: Random, items: readonly string[]): Deck {
  let pile: string[] = [];
  return () => {
    if (pile.length === 0) pile = pickSome(random, items, items.length);
    return pile.pop() ?? "";
  };
}

function fill(text: string, brief: ResearchBrief, random: Random): string {
  const related = brief.related.length > 0 ? pick(random, brief.related) : "the price";
  return text.replaceAll("{k}", subjectOf(brief.keyword)).replaceAll("{r}", related);
}

function paragraph(point: string, brief: ResearchBrief, random: Random, support: Deck): string {
  const count = 2 + Math.floor(random() * 2);
  const sentences = Array.from({ length: count }, () => fill(support(), brief, random));
  return [capitalize(point), ...sentences].join(" ");
}

function answer(brief: ResearchBrief, random: Random, answers: Deck, support: Deck): string {
  return `${fill(answers(), brief, random)} ${fill(support(), brief, random)}`;
}

function intro(brief: ResearchBrief, random: Random): string {
  const reach = `Around ${formatCount(brief.volume)} people search for "${brief.keyword}" every month, so you are in good company if you are weighing it up.`;
  const ease =
    brief.difficulty < 35
      ? "The good news is that the basics are simple once they are laid out in order."
      : brief.difficulty < 70
        ? "There is plenty of advice out there, and not all of it agrees, so this article sticks to what holds up in practice."
        : "It is a crowded, competitive topic, which is exactly why a clear plan beats another list of tips.";
  const plan = pick(random, [
    "Here is what matters, in the order it matters.",
    "Below you will find the essentials, the common traps and answers to the questions people ask most.",
    "Read it start to finish, or jump to the section you need.",
  ]);
  return `${reach} ${ease} ${plan}`;
}

/** The local writer's article for an outline; deterministic for a given seed. */
export function localDraft(brief: ResearchBrief, outline: Outline, random: Random): Draft {
  const support = deck(random, SUPPORT);
  const answers = deck(random, ANSWERS);
  const blocks: string[] = [`# ${outline.title}`, `*${outline.description}*`, intro(brief, random)];
  for (const section of outline.sections) {
    blocks.push(`## ${section.heading}`);
    const tips = section.points.length > 2 && random() < 0.5;
    for (const point of section.points) {
      if (point.trim().endsWith("?")) {
        blocks.push(`### ${point.trim()}`, answer(brief, random, answers, support));
      } else {
        blocks.push(paragraph(point, brief, random, support));
      }
    }
    if (tips) {
      const items = [support(), support(), support()];
      blocks.push(items.map((s) => `- ${fill(s, brief, random)}`).join("\n"));
    }
  }
  return { title: outline.title, markdown: `${blocks.join("\n\n")}\n` };
}
