/**
 * The operator's or tenant's bearer token, as a tiny store React subscribes to.
 *
 * It arrives as `?token=` (or `#token=`) in the address (the login links `npm start`
 * prints) or pasted on the login screen; it is kept in localStorage and dropped from the
 * address bar so it does not end up in bookmarks or screenshots. It is sent as
 * `Authorization: Bearer` on fetches and as the `token` query parameter on WebSockets.
 * When the API answers 401 the token is forgotten and the login screen says why.
 */
import { useSyncExternalStore } from "react";
import type { Role } from "../../events/caller";

const STORAGE_KEY = "switchboard.token";

/**
 * What a token says about its bearer. Decoded here for display only: the signature is
 * the server's business, and a forged token gets nothing but 401s.
 */
export type TokenClaims = { role: Role; tenant?: string; sub: string; exp: number };

export type Session =
  | { status: "signed-in"; token: string; claims: TokenClaims }
  | { status: "signed-out"; notice: string | null };

function base64UrlJson(part: string): unknown {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a token, or null when it is not a Switchboard token at all. */
export function decodeClaims(token: string): TokenClaims | null {
  const payload = token.split(".")[1];
  if (token.split(".").length !== 3 || !payload) return null;
  try {
    const claims = base64UrlJson(payload) as Record<string, unknown>;
    const role = claims.role;
    if (role !== "operator" && role !== "tenant" && role !== "service") return null;
    if (typeof claims.exp !== "number" || typeof claims.sub !== "string") return null;
    if (role === "tenant" && typeof claims.tenant !== "string") return null;
    return {
      role,
      sub: claims.sub,
      exp: claims.exp,
      ...(typeof claims.tenant === "string" ? { tenant: claims.tenant } : {}),
    };
  } catch {
    // Not base64url JSON: not one of ours.
    return null;
  }
}

/** Why a token cannot be used, before the server is even asked; null when it may be. */
export function tokenProblem(token: string, now: number = Date.now()): string | null {
  const claims = decodeClaims(token);
  if (claims === null) return "That is not a Switchboard token.";
  if (claims.exp * 1000 <= now) {
    return `That token expired at ${new Date(claims.exp * 1000).toLocaleString()}.`;
  }
  return null;
}

// Without a window (components rendered to HTML in unit tests) there is no session.
const hasWindow = typeof window !== "undefined";

function readStoredToken(): string | null {
  if (!hasWindow) return null;
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch (error) {
    // Storage can be disabled (privacy settings); the token then lives for this page only.
    console.warn("switchboard: localStorage unavailable", error);
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, token);
  } catch (error) {
    console.warn("switchboard: could not keep the token in localStorage", error);
  }
}

function takeTokenFromUrl(): string | null {
  if (!hasWindow) return null;
  const url = new URL(window.location.href);
  const fromHash = new URLSearchParams(url.hash.slice(1)).get("token");
  const token = url.searchParams.get("token") ?? fromHash;
  if (token === null) return null;
  url.searchParams.delete("token");
  if (fromHash !== null) url.hash = "";
  window.history.replaceState(window.history.state, "", url);
  return token.trim() === "" ? null : token.trim();
}

function sessionOf(token: string | null, notice: string | null = null): Session {
  if (token === null) return { status: "signed-out", notice };
  const problem = tokenProblem(token);
  const claims = decodeClaims(token);
  if (problem !== null || claims === null) {
    storeToken(null);
    return { status: "signed-out", notice: problem };
  }
  return { status: "signed-in", token, claims };
}

const listeners = new Set<() => void>();
let session: Session = (() => {
  const fromUrl = takeTokenFromUrl();
  if (fromUrl !== null) storeToken(fromUrl);
  return sessionOf(fromUrl ?? readStoredToken());
})();

let expiryTimer: ReturnType<typeof setTimeout> | undefined;
// setTimeout cannot wait longer than this (about 24.8 days); longer tokens are not timed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Logs out when the token expires, so a page left open does not keep a dead session. */
function watchExpiry(current: Session): void {
  clearTimeout(expiryTimer);
  if (current.status !== "signed-in") return;
  const delay = current.claims.exp * 1000 - Date.now();
  if (delay > MAX_TIMER_MS) return;
  expiryTimer = setTimeout(() => signOut("Your token has expired; log in again."), delay);
}

function publish(next: Session): void {
  session = next;
  watchExpiry(session);
  for (const listener of listeners) listener();
}

watchExpiry(session);

/** Uses a token from now on (the login screen); returns why not when it cannot be used. */
export function signIn(token: string): string | null {
  const next = sessionOf(token.trim());
  if (next.status === "signed-out") return next.notice;
  storeToken(next.token);
  publish(next);
  return null;
}

/** Forgets the token; `notice` is shown on the login screen (why it was refused). */
export function signOut(notice: string | null = null): void {
  storeToken(null);
  publish({ status: "signed-out", notice });
}

/** The current session; components re-render when it changes. */
export function useSession(): Session {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => session,
    () => session,
  );
}

/** Headers that authenticate an HTTP request; empty when signed out. */
export function authHeaders(): Record<string, string> {
  return session.status === "signed-in" ? { Authorization: `Bearer ${session.token}` } : {};
}
