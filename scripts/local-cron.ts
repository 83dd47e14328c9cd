/**
 * The platform cron for `npm start`. `wrangler dev` does not fire a Worker's cron triggers
 * by itself (it serves them at `/cdn-cgi/handler/scheduled` for a manual test), so locally
 * the platform sweep — the safety net that flushes outboxes, starts pending runs and runs
 * cycles a schedule missed — never ran. This fires it at the start of every minute, as
 * Cloudflare does with `triggers.crons` in wrangler.jsonc.
 */

/** The Worker's one cron trigger (wrangler.jsonc `triggers.crons`). */
export const PLATFORM_CRON = "* * * * *";

/** Milliseconds from `now` to the start of the next minute (never 0: the next tick). */
export function msToNextMinute(now: number): number {
  return 60_000 - (now % 60_000);
}

/** Fires the Worker's scheduled handler every minute until the returned function is called. */
export function startLocalCron(origin: string): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const response = await fetch(
        `${origin}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(PLATFORM_CRON)}`,
        { signal: AbortSignal.timeout(30_000) },
      );
      if (!response.ok)
        console.error(`platform cron: the scheduled handler answered ${response.status}`);
    } catch (error) {
      // The platform is restarting or gone; the next minute tries again.
      console.error(`platform cron: ${error instanceof Error ? error.message : String(error)}`);
    }
    next();
  };
  const next = () => {
    if (!stopped) timer = setTimeout(tick, msToNextMinute(Date.now()));
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
