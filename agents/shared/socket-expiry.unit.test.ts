import { describe, expect, it } from "vitest";
import { CALLER_HEADERS, callerFromHeaders, withCallerHeaders } from "../../events/caller";
import { closeExpired, connectionExpiry, TOKEN_EXPIRED } from "./socket-expiry";

const EXPIRY = Date.UTC(2026, 10, 22, 12, 0, 0);

/** A connection as an agent holds it: the caller in its state, and what closed it. */
function socket(state: unknown) {
  const closes: { code?: number; reason?: string }[] = [];
  return {
    state,
    closes,
    close: (code?: number, reason?: string) => closes.push({ code, reason }),
  };
}

const tenant = (expires_at?: number) => ({
  caller: {
    role: "tenant",
    tenant: "acme",
    subject: "tenant:acme",
    ...(expires_at ? { expires_at } : {}),
  },
});

describe("a WebSocket's token expiry", () => {
  it("travels from the Worker to the agent with the caller, and nothing a client sends replaces it", () => {
    const sent = new Headers({ [CALLER_HEADERS.expires]: String(EXPIRY + 3_600_000) });
    const headers = withCallerHeaders(sent, {
      role: "operator",
      subject: "op",
      expires_at: EXPIRY,
    });
    expect(callerFromHeaders(headers)).toEqual({
      role: "operator",
      subject: "op",
      expires_at: EXPIRY,
    });
    expect(callerFromHeaders(withCallerHeaders(sent, { role: "operator", subject: "op" }))).toEqual(
      {
        role: "operator",
        subject: "op",
      },
    );
  });

  it("is read from the caller kept on the connection, and unknown without one", () => {
    expect(connectionExpiry(socket(tenant(EXPIRY)))).toBe(EXPIRY);
    expect(connectionExpiry(socket(tenant()))).toBeNull();
    expect(connectionExpiry(socket(null))).toBeNull();
  });

  it("closes the connections whose token has expired, with a code that says so, and no others", () => {
    // Given a socket whose token expires now, one an hour later, and one of unknown expiry
    const due = socket(tenant(EXPIRY));
    const later = socket(tenant(EXPIRY + 3_600_000));
    const unknown = socket(tenant());

    // When the agent's close runs a millisecond before the expiry, then at it
    expect(closeExpired([due, later, unknown], EXPIRY - 1)).toBe(0);
    const closed = closeExpired([due, later, unknown], EXPIRY);

    // Then only the expired one is closed, once, with 4001 and the reason
    expect(closed).toBe(1);
    expect(due.closes).toEqual([{ code: 4001, reason: "token expired: sign in again" }]);
    expect(TOKEN_EXPIRED.code).toBe(4001);
    expect(later.closes).toEqual([]);
    expect(unknown.closes).toEqual([]);
  });
});
