/**
 * The Workers Switchboard deploys: the platform and each reference service, by the path
 * of its wrangler config. `npm run deploy`, the dry runs, the queue provisioning and the
 * local composition (wrangler.local.jsonc) all read this one list.
 */
export const WORKER_CONFIGS = [
  "wrangler.jsonc",
  "services/research/wrangler.jsonc",
  "services/publisher/wrangler.jsonc",
  "services/social/wrangler.jsonc",
  "services/analytics/wrangler.jsonc",
] as const;

/** The composition `npm start`, the tests, the chaos suite and the bench run. */
export const LOCAL_CONFIG = "wrangler.local.jsonc";
