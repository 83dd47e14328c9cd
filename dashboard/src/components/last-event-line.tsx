import type { LastEvent } from "../../../events/tenant-state";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** The last event the tenant's agent applied: its type and when it happened. */
export function LastEventLine({ event }: { event: LastEvent | null }) {
  if (event === null) return <p className="last-event muted">No events yet</p>;
  return (
    <p className="last-event">
      Last event <code>{event.type}</code> at{" "}
      <time dateTime={event.timestamp}>{formatTime(event.timestamp)}</time>
    </p>
  );
}
