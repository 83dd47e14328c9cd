/**
 * A small router over the History API: the address bar is the state, components read
 * it with `useLocation` and change it with `navigate` or `<Link>`. The Worker answers
 * every unknown path with index.html (assets `not_found_handling`), so deep links and
 * reloads work. Filters live in the query string, so a view can be linked as it is.
 */
import { useSyncExternalStore } from "react";

export type Location = { pathname: string; search: URLSearchParams };

const listeners = new Set<() => void>();
// Without a window (components rendered to HTML in unit tests) the address is "/".
const hasWindow = typeof window !== "undefined";
let snapshot = read();

function read(): { key: string; location: Location } {
  const { pathname, search } = hasWindow ? window.location : { pathname: "/", search: "" };
  return { key: pathname + search, location: { pathname, search: new URLSearchParams(search) } };
}

function notify(): void {
  const next = read();
  if (next.key === snapshot.key) return;
  snapshot = next;
  for (const listener of listeners) listener();
}

if (hasWindow) window.addEventListener("popstate", notify);

/** Goes to another address in the app; `replace` keeps the history entry (filters). */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.history.replaceState(window.history.state, "", to);
  else window.history.pushState(null, "", to);
  notify();
}

/** The current address; components re-render when it changes. */
export function useLocation(): Location {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot.location,
    () => snapshot.location,
  );
}

/**
 * Matches a path pattern (`/tenants/:id/runs`) against a pathname: the decoded
 * parameters, or null. A trailing slash is ignored.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = pathname.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? "";
    const value = have[i] ?? "";
    if (part.startsWith(":")) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

/** The address with some query parameters changed (empty values removed). */
export function withSearch(location: Location, patch: Record<string, string | undefined>): string {
  const search = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined || value === "") search.delete(name);
    else search.set(name, value);
  }
  const text = search.toString();
  return text ? `${location.pathname}?${text}` : location.pathname;
}
