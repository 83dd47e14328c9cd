import type { AlertSender } from "./outbox";

/** How long an endpoint has to answer; the outbox's pass (and the agent's schedules) wait that long at most. */
export const SEND_TIMEOUT_MS = 5_000;

/**
 * The outbox's sender in production: a POST with `fetch`. Redirects are not followed
 * (a 3xx counts as a failure: the operator configured this URL, not another), and the
 * answer's first 200 characters are kept for the delivery's last error.
 */
export const fetchSender: AlertSender = async ({ url, headers, body }) => {
  const response = await fetch(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  const detail = await response.text().then(
    (text) => text.slice(0, 200),
    // The status is the outcome; a body that cannot be read adds nothing to it.
    (error: unknown) => `(body unreadable: ${String(error)})`,
  );
  return { status: response.status, detail };
};
