import { useCallback, useRef, useState } from "react";
import type { CursorPage } from "../lib/read-pages";
import { useLocation } from "../router/router";
import { type Resource, useResource } from "./use-resource";

/** What a filtered, cursor-paged list gives its page. */
export type FilteredPages<K extends string, T> = {
  /** Each filter field as the address has it ("" when not given). */
  filter: Record<K, string>;
  list: Resource<CursorPage<T>>;
  /** The rows read so far. */
  rows: T[];
  /** Whether the API has rows after them. */
  more: boolean;
  /** True while the rows asked for by "Load more" are on their way. */
  loadingMore: boolean;
  /** Asks for one page more ("Load more"). */
  showMore: () => void;
};

/**
 * A list filtered by the address's query and read a page at a time: the filter, the
 * rows wanted (one page at first; another filter starts again at one page), the read,
 * re-read in place when a trigger (a count or version the agent pushed) changes, and
 * "Load more". `read` must be stable (a module function): the list is read again when
 * the filter, the rows wanted or a trigger change, not when the page renders.
 */
export function useFilteredPages<K extends string, T>(
  fields: readonly K[],
  page: number,
  read: (
    filter: Record<K, string>,
    want: number,
    options: { signal: AbortSignal },
  ) => Promise<CursorPage<T>>,
  triggers: readonly unknown[] = [],
): FilteredPages<K, T> {
  const { search } = useLocation();
  const filter = Object.fromEntries(fields.map((f) => [f, search.get(f) ?? ""])) as Record<
    K,
    string
  >;
  const key = JSON.stringify(filter);
  const [asked, setAsked] = useState({ key, want: page });
  const want = asked.key === key ? asked.want : page;
  // Read through a ref, so a longer list re-reads in place instead of starting over.
  const wantRef = useRef(want);
  wantRef.current = want;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter is read from its key.
  const load = useCallback(
    (signal: AbortSignal) => read(filter, wantRef.current, { signal }),
    [key],
  );
  const list = useResource(load, [...triggers, want]);
  const rows = list.data?.rows ?? [];
  const more = (list.data?.next_cursor ?? null) !== null;
  return {
    filter,
    list,
    rows,
    more,
    loadingMore: more && list.problem === null && rows.length < want,
    showMore: () => setAsked({ key, want: want + page }),
  };
}
