/** Durable counters kept in the agent's own table, written in the same transaction as the change they count. */
export function addToCounter(sql: SqlStorage, name: string, by: number): void {
  if (by === 0) return;
  sql.exec(
    "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
    name,
    by,
  );
}

export function readCounters(sql: SqlStorage): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of sql.exec<{ name: string; value: number }>("SELECT name, value FROM counters")) {
    out[row.name] = row.value;
  }
  return out;
}
