/** One structured log line: a level, a message, and any fields that say what happened. */
export type LogEntry = {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  [field: string]: unknown;
};

/**
 * The one structured logger every unit writes with: one JSON line per entry (Workers
 * Logs and `wrangler tail` index its fields), warnings and errors to stderr.
 */
export function log(entry: LogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === "error" || entry.level === "warn") console.error(line);
  else console.log(line);
}
