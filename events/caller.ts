import { z } from "zod";
import { TenantId } from "./envelope";

/**
 * Who is calling, and until when, as the Worker established it from a verified bearer
 * token. The Worker passes it to an agent on every request it forwards (headers below);
 * the agent keeps it on the WebSocket connection so that callable methods can check the
 * caller too, and closes the connection when the token expires.
 */
export const ROLES = ["operator", "tenant", "service"] as const;
export type Role = (typeof ROLES)[number];

/** The token's subject: who it was issued to, for logs and rate limits. */
export const Subject = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "must be visible ASCII without spaces");

/** When the caller's token expires, in ms since the epoch (absent: not known). */
const ExpiresAt = z.number().int().positive().optional();

export const Caller = z.discriminatedUnion("role", [
  z.strictObject({ role: z.literal("operator"), subject: Subject, expires_at: ExpiresAt }),
  z.strictObject({
    role: z.literal("tenant"),
    tenant: TenantId,
    subject: Subject,
    expires_at: ExpiresAt,
  }),
  z.strictObject({ role: z.literal("service"), subject: Subject, expires_at: ExpiresAt }),
]);
export type Caller = z.infer<typeof Caller>;

/** Headers the Worker sets on every request it forwards to an agent (and strips from clients). */
export const CALLER_HEADERS = {
  role: "x-switchboard-role",
  tenant: "x-switchboard-tenant",
  subject: "x-switchboard-subject",
  expires: "x-switchboard-expires",
} as const;

/** A copy of `headers` that carries exactly `caller`: anything a client sent is replaced. */
export function withCallerHeaders(headers: Headers, caller: Caller): Headers {
  const next = new Headers(headers);
  for (const name of Object.values(CALLER_HEADERS)) next.delete(name);
  next.set(CALLER_HEADERS.role, caller.role);
  next.set(CALLER_HEADERS.subject, caller.subject);
  if (caller.role === "tenant") next.set(CALLER_HEADERS.tenant, caller.tenant);
  if (caller.expires_at !== undefined) next.set(CALLER_HEADERS.expires, String(caller.expires_at));
  return next;
}

/** The caller the Worker attached to a forwarded request; null when absent or malformed. */
export function callerFromHeaders(headers: Headers): Caller | null {
  const role = headers.get(CALLER_HEADERS.role);
  const tenant = headers.get(CALLER_HEADERS.tenant);
  const expires = headers.get(CALLER_HEADERS.expires);
  const parsed = Caller.safeParse({
    role,
    subject: headers.get(CALLER_HEADERS.subject),
    ...(role === "tenant" ? { tenant } : {}),
    ...(expires !== null ? { expires_at: Number(expires) } : {}),
  });
  return parsed.success ? parsed.data : null;
}

/** Whether the caller may see and steer this tenant: an operator, or the tenant itself. */
export function mayActForTenant(caller: Caller, tenantId: string): boolean {
  return caller.role === "operator" || (caller.role === "tenant" && caller.tenant === tenantId);
}

/** Thrown by a callable method whose caller may not call it; the client gets the message. */
export class CallerForbiddenError extends Error {
  constructor(detail: string) {
    super(`forbidden: ${detail}`);
    this.name = "CallerForbiddenError";
  }
}

/**
 * The caller a WebSocket connection was opened by (kept on the connection in `onConnect`),
 * for `@callable()` methods: `requireCaller(getCurrentAgent().connection, ...)`.
 * Throws when there is none or it may not act for `tenantId` (operator-only when omitted).
 */
export function requireCaller(
  connection: { state: unknown } | undefined,
  tenantId?: string,
): Caller {
  const state = connection?.state;
  const parsed = Caller.safeParse(
    typeof state === "object" && state !== null && "caller" in state ? state.caller : undefined,
  );
  if (!parsed.success) throw new CallerForbiddenError("this connection has no verified caller");
  const caller = parsed.data;
  const allowed =
    tenantId === undefined ? caller.role === "operator" : mayActForTenant(caller, tenantId);
  if (!allowed) {
    throw new CallerForbiddenError(
      tenantId === undefined ? "operators only" : `not allowed for tenant ${tenantId}`,
    );
  }
  return caller;
}

/**
 * The agent's own check of a forwarded request (defence in depth behind the Worker's
 * gate): a 403 problem unless the Worker attached a caller that `allow` accepts, else
 * the caller. Only the Worker can reach an agent's fetch, and it always sets the headers.
 */
export function checkForwardedCaller(
  request: Request,
  allow: (caller: Caller) => boolean,
): { ok: true; caller: Caller } | { ok: false; response: Response } {
  const caller = callerFromHeaders(request.headers);
  if (caller && allow(caller)) return { ok: true, caller };
  const problem = {
    type: "https://switchboard.dev/problems/forbidden",
    title: "Forbidden",
    status: 403,
    detail: caller ? "This caller may not reach this agent." : "The request carries no caller.",
  };
  return {
    ok: false,
    response: new Response(JSON.stringify(problem), {
      status: 403,
      headers: { "content-type": "application/problem+json" },
    }),
  };
}
