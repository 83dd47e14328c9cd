/** One page of a cursor-paged list: its rows and the cursor of the page after it. */
export type CursorPage<T> = { rows: T[]; next_cursor: string | null };

/** Reads a page of at most `limit` rows after `cursor` (null: from the top). */
export type PageReader<T> = (limit: number, cursor: string | null) => Promise<CursorPage<T>>;

/**
 * The first `want` rows of a cursor-paged list, read in pages of at most `maxPerRead`
 * that follow each answer's `next_cursor`; the result's `next_cursor` is where the rows
 * after them start (null when there are none). Reading the top again, rather than only
 * the page after the last one shown, keeps a list that grows while it is read without
 * gaps or stale rows.
 */
export async function readPages<T>(
  want: number,
  maxPerRead: number,
  read: PageReader<T>,
): Promise<CursorPage<T>> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const page: CursorPage<T> = await read(Math.min(want - rows.length, maxPerRead), cursor);
    rows.push(...page.rows);
    cursor = page.next_cursor;
  } while (cursor !== null && rows.length < want);
  return { rows, next_cursor: cursor };
}
