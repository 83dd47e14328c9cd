/**
 * The fair baseline's ingest: what a Node team would build instead of the platform. A
 * plain node:http server that checks the same bearer tokens, validates every envelope
 * with the platform's own zod envelope and catalog (`checkBatchLimits`, `parseBatch`, as
 * worker/http/routes/events.ts does), refuses unknown tenants, enqueues the batch with
 * one BullMQ `addBulk` and answers 202. Runs in its own process (bench/processes.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { checkBatchLimits, LIMITS, parseBatch } from "../../events";
import { signingSecret } from "../../scripts/token";
import { verifyToken } from "../../worker/auth/token";
import {
  DEAD_LETTERED,
  DUPLICATES,
  type LogEntry,
  logKey,
  QUEUE,
  redisPort,
  SETTLED,
  TENANTS,
} from "./keys";

const connection = { host: "127.0.0.1", port: redisPort(), maxRetriesPerRequest: null };
const redis = new Redis(connection);
const queue = new Queue(QUEUE, { connection });
const secret = signingSecret(process.env);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The request body as JSON, refused past the platform's request size limit. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > LIMITS.maxRequestBytes) throw new HttpError(413, "request too large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
}

async function authenticate(req: IncomingMessage): Promise<void> {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const checked = token ? await verifyToken(token, secret) : undefined;
  if (!checked?.ok) throw new HttpError(401, "a valid bearer token is required");
}

async function ingest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await authenticate(req);
  const body = await readJson(req);
  const items = Array.isArray(body) ? body : [body];
  const limits = checkBatchLimits(items);
  if (!limits.ok) throw new HttpError(413, limits.detail);
  const parsed = parseBatch(body);
  if (!parsed.ok) return send(res, 400, { errors: parsed.errors });
  const tenants = [...new Set(parsed.messages.map((m) => m.tenant_id))];
  const known = await redis.smismember(TENANTS, ...tenants);
  const unknown = tenants.filter((_, i) => known[i] !== 1);
  if (unknown.length > 0) return send(res, 422, { unknown });
  await queue.addBulk(parsed.messages.map((m) => ({ name: m.type, data: m })));
  send(res, 202, {
    accepted: parsed.messages.length,
    event_ids: parsed.messages.map((m) => m.event_id),
  });
}

/** A page of a tenant's log, newest first; `seq` is the list position + 1. */
async function readLog(url: URL): Promise<{ events: (LogEntry & { seq: number })[] }> {
  const tenant = url.searchParams.get("tenant") ?? "";
  const limit = Math.min(500, Number(url.searchParams.get("limit") ?? 50));
  const length = await redis.llen(logKey(tenant));
  const before = Math.min(Number(url.searchParams.get("before") ?? length + 1), length + 1);
  const end = before - 2;
  const start = Math.max(0, end - limit + 1);
  if (end < 0) return { events: [] };
  const rows = await redis.lrange(logKey(tenant), start, end);
  const events = rows.map((row, i) => ({ ...(JSON.parse(row) as LogEntry), seq: start + i + 1 }));
  return { events: events.reverse() };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /health") return send(res, 200, { ok: true });
  if (route === "POST /ingest") return ingest(req, res);
  if (route === "POST /tenants") {
    const { ids } = (await readJson(req)) as { ids: string[] };
    if (ids.length > 0) await redis.sadd(TENANTS, ...ids);
    return send(res, 201, { registered: ids.length });
  }
  // The bench's reads: every log holds only applied envelopes, so `type` needs no filter.
  if (route === "GET /log") return send(res, 200, await readLog(url));
  if (route === "GET /progress") {
    const [settled, duplicates, dead] = await redis.mget(SETTLED, DUPLICATES, DEAD_LETTERED);
    return send(res, 200, {
      settled: Number(settled ?? 0) + Number(dead ?? 0),
      duplicates: Number(duplicates ?? 0),
    });
  }
  send(res, 404, { error: "not found" });
}

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (error instanceof HttpError) send(res, error.status, { error: error.message });
    else send(res, 500, { error: String(error) });
  });
}).listen(Number(process.env.PORT ?? 8790), "127.0.0.1");
