/** How a status word reads at a glance: settled, in progress, waiting for someone, failed. */
export function toneOf(status: string): "ok" | "busy" | "wait" | "bad" | "idle" {
  if (
    [
      "complete",
      "completed",
      "done",
      "published",
      "applied",
      "sent",
      "kept",
      "ok",
      "delivered",
      "resolved",
    ].includes(status)
  )
    return "ok";
  if (
    [
      "errored",
      "failed",
      "terminated",
      "rejected",
      "cancelled",
      "dropped",
      "firing",
      "dead",
    ].includes(status)
  )
    return "bad";
  if (
    [
      "waiting",
      "waitingForPause",
      "paused",
      "awaiting approval",
      "waiting for approval",
      "pending",
      "retrying",
    ].includes(status)
  )
    return "wait";
  if (
    ["requested", "started", "queued", "running", "due", "writing", "publishing"].includes(status)
  )
    return "busy";
  return "idle";
}

/** A status as a small coloured word (the colour is never the only signal: the word is there). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className="badge" data-tone={toneOf(status)} data-testid={testId}>
      {status}
    </span>
  );
}
