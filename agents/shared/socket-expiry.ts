import { Caller, callerFromHeaders } from "../../events/caller";

/**
 * A WebSocket lives no longer than the token that opened it: the agent keeps the token's
 * expiry with the caller on the connection (`onConnect`), schedules this close for that
 * moment, and closes with a code of the application's own range (4000–4999) so that a
 * client can tell it from a network failure and ask for a new token.
 */
export const TOKEN_EXPIRED = { code: 4001, reason: "token expired: sign in again" } as const;

/** The agents' schedule callback that closes the connections whose token has expired. */
export const CLOSE_EXPIRED = "closeExpiredConnections";

type Closable = { state: unknown; close(code?: number, reason?: string): void };

/** When the token of the caller kept on this connection expires; null when unknown. */
export function connectionExpiry(connection: { state: unknown }): number | null {
  const state = connection.state;
  const caller = Caller.safeParse(
    typeof state === "object" && state !== null && "caller" in state ? state.caller : undefined,
  );
  return caller.success ? (caller.data.expires_at ?? null) : null;
}

/** Closes every connection whose token has expired at `now`; returns how many it closed. */
export function closeExpired(connections: Iterable<Closable>, now: number): number {
  let closed = 0;
  for (const connection of connections) {
    const expiry = connectionExpiry(connection);
    if (expiry === null || expiry > now) continue;
    connection.close(TOKEN_EXPIRED.code, TOKEN_EXPIRED.reason);
    closed++;
  }
  return closed;
}

/** What `keepCaller` needs of an agent: to schedule the close at the token's expiry. */
type Scheduler = {
  schedule(
    when: Date,
    callback: typeof CLOSE_EXPIRED,
    payload: { expires_at: number },
    options: { idempotent: true },
  ): Promise<unknown>;
};

/**
 * Both agents' `onConnect`: keeps the verified caller (from the gate's headers) on the
 * connection, for `requireCaller` in callable methods, closes it at once if its token
 * has expired, and otherwise schedules the close for the expiry — one schedule per
 * expiry time, however many sockets share it (idempotent on the payload).
 */
export async function keepCaller(
  agent: Scheduler,
  connection: Closable & { setState(state: unknown): unknown },
  headers: Headers,
): Promise<void> {
  const caller = callerFromHeaders(headers);
  connection.setState({ caller });
  const expiresAt = caller?.expires_at;
  if (expiresAt === undefined) return;
  if (expiresAt <= Date.now()) {
    connection.close(TOKEN_EXPIRED.code, TOKEN_EXPIRED.reason);
    return;
  }
  await agent.schedule(
    new Date(expiresAt),
    CLOSE_EXPIRED,
    { expires_at: expiresAt },
    {
      idempotent: true,
    },
  );
}
