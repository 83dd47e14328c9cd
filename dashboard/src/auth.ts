/**
 * The operator's or tenant's bearer token. It arrives once as `?token=` (the login link
 * printed by `npm start`), is kept in localStorage, and is dropped from the address bar
 * so it does not end up in bookmarks or screenshots. Without one, nothing extra is sent.
 */
const STORAGE_KEY = "switchboard.token";

function readStoredToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch (error) {
    // Storage can be disabled (privacy settings); the token then lives for this page only.
    console.warn("switchboard: localStorage unavailable", error);
    return null;
  }
}

function storeToken(token: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, token);
  } catch (error) {
    console.warn("switchboard: could not keep the token in localStorage", error);
  }
}

function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return null;
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url);
  return token.trim() === "" ? null : token;
}

const token: string | null = (() => {
  const fromUrl = takeTokenFromUrl();
  if (fromUrl !== null) {
    storeToken(fromUrl);
    return fromUrl;
  }
  return readStoredToken();
})();

/** Headers that authenticate an HTTP request; empty without a token. */
export function authHeaders(): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}

/**
 * Query parameters that authenticate a WebSocket (browsers cannot set headers on an
 * upgrade). A stable object, so a hook that compares options does not reconnect.
 */
export const socketQuery: Record<string, string> | undefined =
  token === null ? undefined : { token };
