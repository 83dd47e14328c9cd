import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalTextProvider } from "../workflows/text/local-provider";
import { Outline, type ResearchBrief, toTemplate } from "../workflows/text/provider";

export type ModelServer = {
  /** The base URL for `TEXT_PROVIDER_URL` (`/chat/completions` is appended). */
  url: string;
  /** Completions answered so far. */
  answered: () => number;
  stop: () => Promise<void>;
};

const OUTLINE = /Plan a "([^"]+)" article for the keyword "([^"]+)"\./;
const INTENT = /Search intent: (\w+); monthly searches: (\d+)/;
const DRAFT = /Write the "([^"]+)" article for the keyword "([^"]+)" from this outline/;

/**
 * A stand-in for a model behind an OpenAI-compatible `/chat/completions`, for the chaos
 * run: it writes with the local provider (so articles pass the editor) and takes
 * `delayMs` over each answer, so a content run spends seconds in "outline article" and
 * "draft article" — long enough to kill the runtime while a run is mid-step. It keeps
 * answering across the platform's restart, as a real model server would. With
 * `refuseOutline: n` it refuses the n-th outline with a 400, which fails that run for
 * good at "outline article".
 */
export async function startModelServer(
  delayMs: number,
  options: { port?: number; refuseOutline?: number } = {},
): Promise<ModelServer> {
  const local = new LocalTextProvider();
  let answered = 0;
  let outlines = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", async () => {
      try {
        const prompt = lastUserMessage(body);
        if (OUTLINE.test(prompt) && ++outlines === options.refuseOutline) {
          // A refusal asking again cannot change: the run fails at this step, for good.
          response.statusCode = 400;
          response.end(JSON.stringify({ error: "the model refuses this request" }));
          return;
        }
        const content = await write(local, prompt);
        await sleep(delayMs);
        answered++;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ choices: [{ message: { content } }] }));
      } catch (error) {
        response.statusCode = 400;
        response.end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    answered: () => answered,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function lastUserMessage(body: string): string {
  const request = JSON.parse(body) as { messages?: { role: string; content: string }[] };
  const content = request.messages?.findLast((m) => m.role === "user")?.content;
  if (!content) throw new Error("no user message");
  return content;
}

/** Answers the provider's two prompts (outline as JSON, draft as markdown) like the local writer. */
async function write(local: LocalTextProvider, prompt: string): Promise<string> {
  const outline = OUTLINE.exec(prompt);
  if (outline) {
    const intent = INTENT.exec(prompt);
    const brief = briefOf(outline[2] ?? "", intent?.[1], Number(intent?.[2] ?? 0));
    return JSON.stringify(await local.outline({ brief, template: toTemplate(outline[1]) }));
  }
  const draft = DRAFT.exec(prompt);
  if (draft) {
    const plan = Outline.parse(JSON.parse(prompt.split("\n").at(-1) ?? ""));
    const brief = briefOf(draft[2] ?? "", undefined, 0);
    const written = await local.draft({ brief, template: toTemplate(draft[1]), outline: plan });
    return written.markdown;
  }
  throw new Error("not a prompt the content run sends");
}

function briefOf(keyword: string, intent: string | undefined, volume: number): ResearchBrief {
  const intents = ["informational", "commercial", "transactional", "navigational"] as const;
  return {
    research_id: null,
    keyword,
    volume,
    difficulty: 30,
    intent: intents.find((i) => i === intent) ?? "informational",
    related: [],
    questions: [],
  };
}
