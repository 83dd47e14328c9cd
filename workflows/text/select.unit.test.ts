import { describe, expect, it } from "vitest";
import { estimateBrief } from "../steps/fetch-research";
import { LocalTextProvider } from "./local-provider";
import { MAX_RESPONSE_BYTES, MAX_TOKENS, OpenAiCompatibleProvider } from "./openai-provider";
import { ProviderError } from "./provider";
import { selectTextProvider } from "./select";

type Call = { url: string; init: RequestInit };

/** A fetch that records each request and answers with the next canned response. */
function fakeFetch(...responses: Response[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error("no more canned responses");
    return next;
  };
  return { fetch: fetcher as typeof fetch, calls };
}

function completion(content: string, status = 200): Response {
  return new Response(JSON.stringify({ choices: [{ message: { content } }] }), { status });
}

const configured = {
  TEXT_PROVIDER: "openai-compatible",
  TEXT_PROVIDER_URL: "https://models.example/v1/",
  TEXT_PROVIDER_MODEL: "writer-1",
  TEXT_PROVIDER_KEY: "sk-test",
};

const outlineJson = JSON.stringify({
  title: "Winter Tyres Explained",
  description: "When to fit them and why.",
  sections: [
    { heading: "Why they grip", points: ["Softer rubber stays flexible in the cold."] },
    { heading: "When to fit them", points: ["Fit them when it stays below 7 °C."] },
  ],
});

describe("choosing the text provider", () => {
  it("uses the local provider when nothing is configured", () => {
    expect(selectTextProvider({})).toBeInstanceOf(LocalTextProvider);
    expect(selectTextProvider({ TEXT_PROVIDER: "local" })).toBeInstanceOf(LocalTextProvider);
  });

  it("uses the model endpoint when it is switched on with a URL and a model", () => {
    const provider = selectTextProvider(configured);
    expect(provider).toBeInstanceOf(OpenAiCompatibleProvider);
    expect(provider.name).toBe("openai-compatible:writer-1");
  });

  it("refuses, permanently, a model endpoint without its URL or model", () => {
    for (const env of [
      { TEXT_PROVIDER: "openai-compatible", TEXT_PROVIDER_MODEL: "m" },
      { TEXT_PROVIDER: "openai-compatible", TEXT_PROVIDER_URL: "https://x.example" },
      {
        TEXT_PROVIDER: "openai-compatible",
        TEXT_PROVIDER_URL: "ftp://x",
        TEXT_PROVIDER_MODEL: "m",
      },
    ]) {
      expect(() => selectTextProvider(env)).toThrowError(
        expect.objectContaining({ name: "ProviderError", permanent: true }),
      );
    }
  });

  it("refuses, permanently, a provider it does not know", () => {
    expect(() => selectTextProvider({ TEXT_PROVIDER: "magic" })).toThrowError(/use "local"/);
  });
});

describe("the OpenAI-compatible provider", () => {
  const brief = { ...estimateBrief("winter tyres"), related: ["all-season tyres"] };

  it("posts a chat completion with the model, the key and a JSON answer format", async () => {
    const { fetch, calls } = fakeFetch(completion(outlineJson));
    const provider = selectTextProvider(configured, fetch);

    const outline = await provider.outline({ brief, template: "guide" });

    expect(outline.title).toBe("Winter Tyres Explained");
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe("https://models.example/v1/chat/completions");
    expect(call?.init.method).toBe("POST");
    expect(new Headers(call?.init.headers).get("authorization")).toBe("Bearer sk-test");
    const body = JSON.parse(String(call?.init.body));
    expect(body).toMatchObject({ model: "writer-1", response_format: { type: "json_object" } });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[1].content).toContain("winter tyres");
  });

  it("sends no authorization header when no key is configured", async () => {
    const { fetch, calls } = fakeFetch(completion(outlineJson));
    const { TEXT_PROVIDER_KEY: _omitted, ...withoutKey } = configured;
    await selectTextProvider(withoutKey, fetch).outline({ brief, template: "guide" });
    expect(new Headers(calls[0]?.init.headers).has("authorization")).toBe(false);
  });

  it("sends the run's traceparent with each call, and none when the run has no trace", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const { fetch, calls } = fakeFetch(completion(outlineJson), completion(outlineJson));
    const provider = selectTextProvider(configured, fetch);
    await provider.outline({ brief, template: "guide", traceparent });
    await provider.outline({ brief, template: "guide" });
    expect(calls.map((c) => new Headers(c.init.headers).get("traceparent"))).toEqual([
      traceparent,
      null,
    ]);
  });

  it("reads an outline wrapped in a code fence", async () => {
    const { fetch } = fakeFetch(completion(`\`\`\`json\n${outlineJson}\n\`\`\``));
    const outline = await selectTextProvider(configured, fetch).outline({
      brief,
      template: "guide",
    });
    expect(outline.sections).toHaveLength(2);
  });

  it("returns the model's markdown as the draft", async () => {
    const { fetch, calls } = fakeFetch(
      completion(outlineJson),
      completion("# Winter Tyres\n\nText."),
    );
    const provider = selectTextProvider(configured, fetch);
    const outline = await provider.outline({ brief, template: "guide" });
    const draft = await provider.draft({ brief, template: "guide", outline });
    expect(draft).toEqual({ title: "Winter Tyres Explained", markdown: "# Winter Tyres\n\nText." });
    expect(JSON.parse(String(calls[1]?.init.body)).response_format).toBeUndefined();
  });

  it("caps what each call may cost and bring back: max_tokens, and a body size", async () => {
    // Given a model endpoint that answers with far more than any article needs
    const { fetch, calls } = fakeFetch(completion("x".repeat(MAX_RESPONSE_BYTES + 10)));
    const provider = selectTextProvider(configured, fetch);

    // When the outline is asked for
    const failure = await provider.outline({ brief, template: "guide" }).catch((e: unknown) => e);

    // Then the request bounded its tokens, and the oversized answer was refused for good
    expect(JSON.parse(String(calls[0]?.init.body)).max_tokens).toBe(MAX_TOKENS.outline);
    expect(failure).toMatchObject({ name: "ProviderError", permanent: true });
    expect(String(failure)).toContain("larger than");
  });

  it("treats refused credentials as permanent and an overloaded server as worth retrying", async () => {
    const refused = fakeFetch(new Response("no", { status: 401 }));
    const busy = fakeFetch(new Response("busy", { status: 503 }));
    await expect(
      selectTextProvider(configured, refused.fetch).outline({ brief, template: "guide" }),
    ).rejects.toMatchObject({ permanent: true });
    await expect(
      selectTextProvider(configured, busy.fetch).outline({ brief, template: "guide" }),
    ).rejects.toMatchObject({ permanent: false });
  });

  it("treats an outline that is not JSON as worth retrying", async () => {
    const { fetch } = fakeFetch(completion("Sure! Here is an outline: ..."));
    const error = await selectTextProvider(configured, fetch)
      .outline({ brief, template: "guide" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ permanent: false });
  });
});
