/**
 * One condition of a WHERE clause and its parameters, or a falsy value for a filter
 * field that was not given (left out).
 */
export type Condition = readonly [sql: string, ...params: (string | number)[]] | false | undefined;

/**
 * The given conditions joined with AND into a WHERE clause ("" when none), and their
 * parameters in order: the stores' list filters, built one way.
 */
export function whereClause(conditions: readonly Condition[]): {
  clause: string;
  params: (string | number)[];
} {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const condition of conditions) {
    if (!condition) continue;
    const [sql, ...values] = condition;
    parts.push(sql);
    params.push(...values);
  }
  return { clause: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/**
 * A search of any of these columns for a piece of text, any case: `instr` on lowered
 * text, so the search's own `%` and `_` are matched as themselves. Left out when the
 * text is not given.
 */
export function containsAny(columns: readonly string[], text: string | undefined): Condition {
  if (text === undefined || text === "") return false;
  const needle = text.toLowerCase();
  return [
    `(${columns.map((c) => `instr(lower(${c}), ?) > 0`).join(" OR ")})`,
    ...columns.map(() => needle),
  ];
}
