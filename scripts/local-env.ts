import { join } from "node:path";

/**
 * Environment for running Wrangler offline: no telemetry, no update checks, no reads of
 * outside hosts, and its config written inside the project rather than the home folder.
 */
export function offlineEnv(root: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    DO_NOT_TRACK: "1",
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    XDG_CONFIG_HOME: join(root, ".wrangler", "config"),
  };
}

/**
 * SWITCHBOARD_VARS: a JSON object of Worker vars to set for this run, e.g.
 * `{"TEXT_PROVIDER":"openai-compatible","TEXT_PROVIDER_URL":"http://127.0.0.1:8000/v1",...}`
 * to write with a model server (the chaos suite points it at a slow stand-in).
 */
export function extraVars(raw: string | undefined): string[] {
  if (!raw) return [];
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("SWITCHBOARD_VARS must be a JSON object of strings");
  }
  return Object.entries(parsed).flatMap(([name, value]) => {
    if (typeof value !== "string") throw new Error(`SWITCHBOARD_VARS.${name} must be a string`);
    return ["--var", `${name}:${value}`];
  });
}
