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
