import { describe, expect, it } from "vitest";
import { selectTextProvider } from "./select";

// In the Workers runtime itself: the runtime's fetch refuses to run as a method of
// another object ("Illegal invocation"), which Node's fetch does not check.
describe("the OpenAI-compatible provider in the Workers runtime", () => {
  it("reaches its endpoint with the runtime's own fetch", async () => {
    // Given a provider configured as an operator would, with nothing listening at its URL
    const provider = selectTextProvider({
      TEXT_PROVIDER: "openai-compatible",
      TEXT_PROVIDER_URL: "http://127.0.0.1:9/v1",
      TEXT_PROVIDER_MODEL: "any",
    });
    const brief = {
      research_id: null,
      keyword: "budget apps",
      volume: 100,
      difficulty: 10,
      intent: "informational" as const,
      related: [],
      questions: [],
    };

    // When a step asks it for an outline, then the request is really made (and fails to
    // connect, a transient error the step retries), rather than refused before it leaves
    const failure = await provider.outline({ brief, template: "guide" }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "ProviderError", permanent: false });
    expect(String(failure)).not.toMatch(/illegal invocation/i);
  });
});
