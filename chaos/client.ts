import { setTimeout as sleep } from "node:timers/promises";

/** What became of one ingest request, as its producer can tell. */
export type IngestOutcome =
  /** 202: every message of the request is on the events queue. */
  | { kind: "accepted" }
  /** 4xx: refused, nothing enqueued (a bug in the driver: it sends only valid messages). */
  | { kind: "refused"; status: number; detail: string }
  /** No answer (the platform died mid-request) or a 5xx: enqueued or not, nobody knows. */
  | { kind: "unknown"; detail: string };

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The platform's HTTP API as the chaos driver uses it: reads as an operator, ingest
 * spread over several token subjects (the ingest rate limit counts per subject), and
 * 429s waited out as `Retry-After` asks.
 */
export class ChaosClient {
  private nextIngestToken = 0;

  constructor(
    readonly url: string,
    private readonly operatorToken: string,
    private readonly ingestTokens: readonly string[],
  ) {}

  /** GET as an operator; throws with the status and body unless 2xx. */
  async get<T>(path: string): Promise<T> {
    const response = await this.fetch(path, { method: "GET" }, this.operatorToken);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** A JSON request as an operator; throws with the status and body unless 2xx. */
  async send<T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(
      path,
      {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      },
      this.operatorToken,
    );
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }

  /** Posts one ingest request (up to 100 envelopes), waiting out rate limits. */
  async ingest(envelopes: readonly unknown[]): Promise<IngestOutcome> {
    const token = this.ingestTokens[this.nextIngestToken++ % this.ingestTokens.length] ?? "";
    for (;;) {
      let response: Response;
      try {
        response = await this.fetch(
          "/api/events",
          {
            method: "POST",
            body: JSON.stringify(envelopes),
            headers: { "content-type": "application/json" },
          },
          token,
        );
      } catch (error) {
        return { kind: "unknown", detail: String(error) };
      }
      if (response.status === 202) return { kind: "accepted" };
      const detail = await response.text();
      if (response.status === 429) {
        await sleep(Number(response.headers.get("retry-after") ?? "1") * 1000);
        continue;
      }
      if (response.status >= 500)
        return { kind: "unknown", detail: `${response.status} ${detail}` };
      return { kind: "refused", status: response.status, detail };
    }
  }

  /** Whether the platform answers its health check now. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/api/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  private fetch(path: string, init: RequestInit, token: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetch(`${this.url}${path}`, {
      ...init,
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}
