import { describe, expect, it } from "vitest";
import { type CursorPage, readPages } from "./read-pages";

/** A list of `total` numbers served a page at a time, newest (highest) first. */
function list(total: number) {
  const reads: { limit: number; cursor: string | null }[] = [];
  const rows = Array.from({ length: total }, (_, i) => total - i);
  async function read(limit: number, cursor: string | null): Promise<CursorPage<number>> {
    reads.push({ limit, cursor });
    const start = cursor === null ? 0 : Number(cursor);
    const end = Math.min(start + limit, rows.length);
    return { rows: rows.slice(start, end), next_cursor: end < rows.length ? String(end) : null };
  }
  return { read, reads };
}

describe("reading the first rows of a paged list", () => {
  it("reads what fits in one page with one read, and keeps the cursor to the rest", async () => {
    const { read, reads } = list(1000);
    const result = await readPages(200, 500, read);
    expect(result.rows).toHaveLength(200);
    expect(result.rows[0]).toBe(1000);
    expect(result.next_cursor).toBe("200");
    expect(reads).toEqual([{ limit: 200, cursor: null }]);
  });

  it("follows each page's cursor until it has as many rows as were asked for", async () => {
    const { read, reads } = list(1000);
    const result = await readPages(700, 500, read);
    expect(result.rows).toEqual(Array.from({ length: 700 }, (_, i) => 1000 - i));
    expect(result.next_cursor).toBe("700");
    expect(reads).toEqual([
      { limit: 500, cursor: null },
      { limit: 200, cursor: "500" },
    ]);
  });

  it("stops at the end of the list with a null cursor", async () => {
    const { read, reads } = list(250);
    const result = await readPages(600, 200, read);
    expect(result.rows).toHaveLength(250);
    expect(result.next_cursor).toBeNull();
    expect(reads.map((r) => r.cursor)).toEqual([null, "200"]);
  });
});
