import type { Outline, ResearchBrief, Template } from "./provider";
import { pick, pickSome, type Random } from "./seeded";
import { capitalize, formatCount, subjectOf, titleCase } from "./words";

// The local writer's plans, one per template. Points are whole sentences: the drafter
// expands each into a paragraph, and a question becomes a sub-heading with an answer.

type Section = Outline["sections"][number];

const GOALS: Record<ResearchBrief["intent"], string> = {
  informational: "to understand a topic before they commit time or money to it",
  commercial: "to compare their options before they pay for one",
  transactional: "to get something done today rather than next month",
  navigational: "to find the right place to start",
};

const GENERIC_OPTIONS = ["the simple option", "the all-in-one option", "the low-cost option"];

/** Common mistakes: a short label (a listicle's heading) and the sentence that explains it. */
const MISTAKES = [
  {
    label: "Start with a clear goal",
    text: "Starting without a clear goal is the most common mistake with {k}.",
  },
  {
    label: "Make it your own",
    text: "Copying someone else's setup for {k} rarely works, because their situation is not yours.",
  },
  {
    label: "Change one thing at a time",
    text: "Trying to change everything at once makes it hard to tell what actually helped.",
  },
  {
    label: "Watch the recurring costs",
    text: "Ignoring the small recurring costs adds up faster than most people expect.",
  },
  {
    label: "Give it time",
    text: "Giving up after the first week is a mistake; the benefits of {k} show over months.",
  },
];

const STEPS = [
  "Decide what a good result with {k} looks like for you, in one sentence.",
  "List the two or three constraints that matter most: time, money or effort.",
  "Pick one option and commit to it for a fixed trial period.",
  "Measure the outcome against the goal you wrote down at the start.",
];

function fill(text: string, brief: ResearchBrief, related: string): string {
  return text.replaceAll("{k}", subjectOf(brief.keyword)).replaceAll("{r}", related);
}

function relatedTerms(random: Random, brief: ResearchBrief, count: number): string[] {
  const terms = brief.related.filter((r) => r.toLowerCase() !== brief.keyword.toLowerCase());
  const chosen = pickSome(random, terms, count);
  return chosen.length > 0 ? chosen : pickSome(random, GENERIC_OPTIONS, count);
}

function questions(brief: ResearchBrief): string[] {
  if (brief.questions.length > 0) return brief.questions.slice(0, 3);
  return [
    `Is ${subjectOf(brief.keyword)} worth it?`,
    `How long does it take to see results from ${subjectOf(brief.keyword)}?`,
  ];
}

function whyItMatters(brief: ResearchBrief, random: Random): Section {
  return {
    heading: pick(random, [
      `Why ${titleCase(subjectOf(brief.keyword))} Matters`,
      `${titleCase(brief.keyword)}: The Essentials`,
    ]),
    points: [
      `People search for "${brief.keyword}" when they want ${GOALS[brief.intent]}.`,
      `About ${formatCount(brief.volume)} searches a month show that this is a common question, not a niche one.`,
    ],
  };
}

function faq(brief: ResearchBrief, heading: string): Section {
  return {
    heading,
    points: questions(brief).map((q) => capitalize(q.endsWith("?") ? q : `${q}?`)),
  };
}

function guide(brief: ResearchBrief, random: Random): Outline {
  const related = relatedTerms(random, brief, 3);
  return {
    title: pick(random, [
      `${titleCase(brief.keyword)}: The Complete Guide`,
      `${titleCase(brief.keyword)}: Everything You Need to Know`,
      `${titleCase(brief.keyword)}: A Practical Guide`,
    ]),
    description: `An overview of ${subjectOf(brief.keyword)}: what to look for, how to start and which mistakes to avoid.`,
    sections: [
      whyItMatters(brief, random),
      {
        heading: "What to Look For",
        points: related.map((r) =>
          capitalize(
            pick(random, [
              `Check ${r} early, because it shapes everything that follows.`,
              `Compare the options on ${r}; that is where the real differences show.`,
              `Look closely at ${r}, which deserves more attention than it usually gets.`,
            ]),
          ),
        ),
      },
      {
        heading: `Getting Started with ${titleCase(subjectOf(brief.keyword))}`,
        points: STEPS.slice(0, 3).map((s) => fill(s, brief, related[0] ?? brief.keyword)),
      },
      {
        heading: "Common Mistakes to Avoid",
        points: pickSome(random, MISTAKES, 3).map((m) => fill(m.text, brief, related[0] ?? "")),
      },
      faq(brief, "Frequently Asked Questions"),
      {
        heading: "The Bottom Line",
        points: [
          `With ${subjectOf(brief.keyword)}, a clear goal, a fair trial and an honest review of the results make the difference.`,
        ],
      },
    ],
  };
}

function howTo(brief: ResearchBrief, random: Random): Outline {
  const related = relatedTerms(random, brief, 2);
  const steps = [
    "Define What You Need",
    "Compare Your Options",
    "Start Small",
    "Review and Adjust",
  ];
  return {
    title: pick(random, [
      `${titleCase(brief.keyword)}: A Step-by-Step Plan`,
      `${titleCase(brief.keyword)}: How to Do It Right, Step by Step`,
    ]),
    description: `A four-step plan for ${subjectOf(brief.keyword)}, from the first decision to the first review.`,
    sections: [
      {
        heading: "Before You Begin",
        points: [
          `People search for "${brief.keyword}" when they want ${GOALS[brief.intent]}.`,
          `Set aside an hour for the first pass; the plan below fits into it.`,
        ],
      },
      ...steps.map((name, i) => ({
        heading: `Step ${i + 1}: ${name}`,
        points: [
          fill(STEPS[i] ?? STEPS[0] ?? "", brief, related[0] ?? ""),
          i === 1
            ? `${capitalize(related[0] ?? brief.keyword)} and ${related[1] ?? "price"} are the two things to compare first.`
            : `Keep a short note of what you decided and why.`,
        ],
      })),
      faq(brief, "Questions People Ask"),
      {
        heading: "Wrapping Up",
        points: [
          `Four steps are enough to take ${subjectOf(brief.keyword)} from an idea to a habit.`,
        ],
      },
    ],
  };
}

function listicle(brief: ResearchBrief, random: Random): Outline {
  const related = relatedTerms(random, brief, 3);
  const tips = [
    ...related.map((r) => ({
      heading: `Look at ${r} first`,
      point: `${capitalize(r)} shapes the rest of the decision, so settle it before anything else.`,
    })),
    ...pickSome(random, MISTAKES, 2).map((m) => ({
      heading: m.label,
      point: fill(m.text, brief, related[0] ?? ""),
    })),
    {
      heading: "Review after a month",
      point: fill("Judge how {k} went after a month, not after a day.", brief, ""),
    },
  ];
  return {
    title: `${titleCase(brief.keyword)}: ${tips.length} Things to Know`,
    description: `${tips.length} short, practical points about ${subjectOf(brief.keyword)}.`,
    sections: [
      ...tips.map((tip, i) => ({ heading: `${i + 1}. ${tip.heading}`, points: [tip.point] })),
      {
        heading: "Final Thoughts",
        points: [
          `None of these points is hard on its own; together they make ${subjectOf(brief.keyword)} work.`,
        ],
      },
    ],
  };
}

function comparison(brief: ResearchBrief, random: Random): Outline {
  const options = relatedTerms(random, brief, 3);
  const values = pickSome(random, ["simplicity", "control", "a low price", "flexibility"], 3);
  const weakSpots = pickSome(
    random,
    ["the learning curve", "the running cost", "limited choice", "the time it takes to set up"],
    3,
  );
  return {
    title: `${titleCase(brief.keyword)}: Your Options Compared`,
    description: `How the main options for ${subjectOf(brief.keyword)} compare, and which one suits whom.`,
    sections: [
      {
        heading: "How We Compared",
        points: [
          `Every option for ${subjectOf(brief.keyword)} was judged on cost, effort and how well it holds up over time.`,
        ],
      },
      ...options.map((option, i) => ({
        heading: titleCase(option),
        points: [
          `Choose ${option} if you value ${values[i] ?? "simplicity"} above everything else.`,
          `The weak spot here is ${weakSpots[i] ?? "the learning curve"}.`,
        ],
      })),
      {
        heading: "Which One Should You Pick?",
        points: [
          `Pick the option whose weak spot matters least to you, not the one with the longest feature list.`,
        ],
      },
      faq(brief, "Frequently Asked Questions"),
    ],
  };
}

/** The local writer's outline for a template; deterministic for a given seed. */
export function localOutline(brief: ResearchBrief, template: Template, random: Random): Outline {
  switch (template) {
    case "guide":
      return guide(brief, random);
    case "how-to":
      return howTo(brief, random);
    case "listicle":
      return listicle(brief, random);
    case "comparison":
      return comparison(brief, random);
  }
}
