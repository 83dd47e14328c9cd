/**
 * Browser-facing protections: CORS (same origin unless CORS_ORIGINS lists others) and
 * security headers with a Content-Security-Policy, one for the API and one for the
 * dashboard's files. See docs/SECURITY.md.
 */
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

/** Origins besides the Worker's own that may call the API from a browser. */
export function allowedOrigins(env: Env): string[] {
  const list: string = env.CORS_ORIGINS ?? "";
  return list
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter((origin) => origin !== "");
}

/**
 * Whether a browser on `origin` may use this Worker: its own origin, or one listed in
 * CORS_ORIGINS. A request without an Origin header (curl, services) is not a browser's.
 */
export function originAllowed(origin: string | null, requestUrl: string, env: Env): boolean {
  if (origin === null) return true;
  return origin === new URL(requestUrl).origin || allowedOrigins(env).includes(origin);
}

/** CORS for the API: only listed origins get `Access-Control-Allow-Origin`; no cookies. */
export function apiCors(): MiddlewareHandler<{ Bindings: Env }> {
  return cors({
    origin: (origin, c: Context<{ Bindings: Env }>) =>
      allowedOrigins(c.env).includes(origin) ? origin : null,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE"],
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: ["location", "retry-after", "www-authenticate"],
    maxAge: 600,
  });
}

const COMMON = {
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false },
};

/** JSON only: nothing may be loaded, framed or run from an API response. */
export const apiSecurityHeaders = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
});

// The dashboard's own WebSockets (`/agents/...`) on exactly this host: ws: for local
// http, wss: behind https.
const ownSockets = (c: Context): string => {
  const url = new URL(c.req.url);
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
};

/** The dashboard: its own scripts and styles only, API and WebSockets on this origin. */
export const dashboardSecurityHeaders = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ownSockets],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});
