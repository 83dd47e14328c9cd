import { z } from "zod";
import {
  type Draft,
  type DraftRequest,
  Outline,
  type OutlineRequest,
  ProviderError,
  type TextProvider,
} from "./provider";

/** Where an OpenAI-compatible chat-completions endpoint lives and how to call it. */
export type OpenAiCompatibleConfig = {
  /** Base URL, e.g. https://api.openai.com/v1; `/chat/completions` is appended. */
  url: string;
  model: string;
  /** Sent as a bearer token when present (a local server may need none). */
  apiKey?: string;
  /** Milliseconds before a request is abandoned (and retried by the step). */
  timeoutMs?: number;
};

const ChatCompletion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

/**
 * What one completion may cost and bring back: the model is told to stop after
 * `max_tokens` (a draft of 700–1,200 words is ~1,600 tokens; an outline far less), and
 * an answer larger than `MAX_RESPONSE_BYTES` is abandoned while it is read, so a
 * runaway or hostile endpoint can neither run up the bill nor fill the workflow's memory.
 */
export const MAX_TOKENS = { outline: 1_500, draft: 3_000 } as const;
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Statuses where asking again cannot help: the request or the credentials are wrong. */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 413, 422]);

const SYSTEM_PROMPT =
  "You write clear, accurate, helpful web articles for a brand's blog. Plain language, no hype, no invented statistics.";

/**
 * A real model behind any OpenAI-compatible `/chat/completions` endpoint (OpenAI,
 * Azure, a local llama.cpp or vLLM server...). Switched on by configuration only;
 * `fetch` is injected so tests can check the requests without a network.
 */
export class OpenAiCompatibleProvider implements TextProvider {
  readonly name: string;
  private readonly fetcher: typeof fetch;

  constructor(
    private readonly config: OpenAiCompatibleConfig,
    fetcher: typeof fetch = fetch,
  ) {
    this.name = `openai-compatible:${config.model}`;
    // Called on its own, never as this object's method: the Workers runtime's fetch
    // refuses another `this` ("Illegal invocation").
    this.fetcher = (input, init) => fetcher(input, init);
  }

  async outline({ brief, template, traceparent }: OutlineRequest): Promise<Outline> {
    const content = await this.complete(
      [
        `Plan a "${template}" article for the keyword "${brief.keyword}".`,
        `Search intent: ${brief.intent}; monthly searches: ${brief.volume}; related terms: ${brief.related.join(", ") || "none"}.`,
        brief.questions.length ? `Questions readers ask: ${brief.questions.join(" | ")}` : "",
        'Answer with JSON only: {"title": string, "description": string (one sentence), "sections": [{"heading": string, "points": [string]}]} with 4 to 8 sections; each point is one full sentence.',
      ]
        .filter(Boolean)
        .join("\n"),
      true,
      MAX_TOKENS.outline,
      traceparent,
    );
    let json: unknown;
    try {
      json = JSON.parse(stripFence(content));
    } catch {
      // A model may answer badly once and well the next time: retryable.
      throw new ProviderError("the model's outline is not JSON", false);
    }
    const outline = Outline.safeParse(json);
    if (!outline.success) throw new ProviderError("the model's outline has the wrong shape", false);
    return outline.data;
  }

  async draft({ brief, template, outline, traceparent }: DraftRequest): Promise<Draft> {
    const markdown = await this.complete(
      [
        `Write the "${template}" article for the keyword "${brief.keyword}" from this outline, in markdown.`,
        `Start with "# ${outline.title}", then one "## " heading per section, in order; 700 to 1200 words; no HTML.`,
        JSON.stringify(outline),
      ].join("\n"),
      false,
      MAX_TOKENS.draft,
      traceparent,
    );
    return { title: outline.title, markdown: stripFence(markdown) };
  }

  /**
   * One chat completion; the request shape is the OpenAI one every compatible server
   * accepts. The run's trace goes along as `traceparent`, so an endpoint that traces
   * (a vLLM or gateway behind OpenTelemetry) puts its spans in the chain's trace.
   */
  private async complete(
    prompt: string,
    json: boolean,
    maxTokens: number,
    traceparent: string | undefined,
  ): Promise<string> {
    const url = `${this.config.url.replace(/\/+$/, "")}/chat/completions`;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    if (traceparent) headers.traceparent = traceparent;
    const body = {
      model: this.config.model,
      temperature: 0.4,
      max_tokens: maxTokens,
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: prompt },
      ],
      ...(json ? { response_format: { type: "json_object" } } : {}),
    };
    let response: Response;
    try {
      response = await this.fetcher(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw new ProviderError(`the text provider did not answer: ${String(error)}`, false);
    }
    if (!response.ok) {
      const permanent = PERMANENT_STATUSES.has(response.status);
      throw new ProviderError(`the text provider answered ${response.status}`, permanent);
    }
    const text = await readCapped(response, MAX_RESPONSE_BYTES);
    if (text === null)
      throw new ProviderError(
        `the text provider's answer is larger than ${MAX_RESPONSE_BYTES} bytes`,
        true,
      );
    const parsed = ChatCompletion.safeParse(parseJson(text));
    const content = parsed.success ? parsed.data.choices[0]?.message.content : null;
    if (!content) throw new ProviderError("the text provider sent no text", false);
    return content;
  }
}

/** Models like to wrap answers in ``` fences; the content is inside. */
function stripFence(text: string): string {
  const match = /^\s*```[a-z]*\n([\s\S]*?)\n```\s*$/i.exec(text);
  return (match?.[1] ?? text).trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The body as text, or null (and the rest left unread) once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (Number(response.headers.get("content-length") ?? "0") > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
