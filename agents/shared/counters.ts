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

/**
 * Adds to the `applied` and `duplicates` counters in one statement and answers both
 * totals (one more read only when one of them did not change).
 */
export function addToTotals(
  sql: SqlStorage,
  applied: number,
  duplicates: number,
): { applied: number; duplicates: number } {
  const changes = [
    ["applied", applied],
    ["duplicates", duplicates],
  ].filter(([, by]) => by !== 0);
  const rows =
    changes.length === 2
      ? sql
          .exec<{ name: string; value: number }>(
            `INSERT INTO counters (name, value) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
             ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING name, value`,
            JSON.stringify(changes),
          )
          .toArray()
      : [
          ...(changes.length === 1
            ? sql
                .exec<{ name: string; value: number }>(
                  `INSERT INTO counters (name, value) VALUES (?, ?)
                   ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING name, value`,
                  ...(changes[0] as [string, number]),
                )
                .toArray()
            : []),
          ...sql
            .exec<{ name: string; value: number }>(
              "SELECT name, value FROM counters WHERE name IN ('applied', 'duplicates')",
            )
            .toArray(),
        ];
  const total = (name: string) => rows.find((r) => r.name === name)?.value ?? 0;
  return { applied: total("applied"), duplicates: total("duplicates") };
}
