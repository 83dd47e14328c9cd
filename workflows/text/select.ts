import { LocalTextProvider } from "./local-provider";
import { OpenAiCompatibleProvider } from "./openai-provider";
import { ProviderError, type TextProvider } from "./provider";

/**
 * The settings that pick a text provider. `TEXT_PROVIDER` is "local" (the default)
 * or "openai-compatible", which also needs `TEXT_PROVIDER_URL` and
 * `TEXT_PROVIDER_MODEL`, and takes `TEXT_PROVIDER_KEY` (a secret) when the endpoint
 * wants one.
 */
export type TextProviderEnv = {
  TEXT_PROVIDER?: string;
  TEXT_PROVIDER_URL?: string;
  TEXT_PROVIDER_MODEL?: string;
  TEXT_PROVIDER_KEY?: string;
};

/**
 * Picks the text provider from configuration. A misconfiguration is a permanent
 * error: retrying a step cannot fix it, an operator has to.
 */
export function selectTextProvider(
  env: TextProviderEnv,
  fetcher: typeof fetch = fetch,
): TextProvider {
  const kind = (env.TEXT_PROVIDER ?? "").trim() || "local";
  if (kind === "local") return new LocalTextProvider();
  if (kind !== "openai-compatible") {
    throw new ProviderError(`TEXT_PROVIDER is "${kind}"; use "local" or "openai-compatible"`, true);
  }
  const url = env.TEXT_PROVIDER_URL?.trim();
  const model = env.TEXT_PROVIDER_MODEL?.trim();
  if (!url || !/^https?:\/\//.test(url) || !model) {
    throw new ProviderError(
      "TEXT_PROVIDER=openai-compatible needs TEXT_PROVIDER_URL (http or https) and TEXT_PROVIDER_MODEL",
      true,
    );
  }
  const apiKey = env.TEXT_PROVIDER_KEY?.trim();
  return new OpenAiCompatibleProvider({ url, model, ...(apiKey ? { apiKey } : {}) }, fetcher);
}
