import { DurableObject, type DurableObjectState } from "cloudflare:workers";

/**
 * The runtime's per-call floor: what one Durable Object call costs when it does nothing,
 * writes one row, or writes 100 rows in three ways. Timed from the Worker side, over many
 * calls, with 1 call in flight or several to different objects at once. Every call
 * carries the runtime's own costs (RPC, input and output gates, the commit), so the
 * platform's agent calls cannot cost less than this on the same machine.
 */

type Row = { id: string; v: string };
type FloorEnv = { FLOOR: { getByName(name: string): FloorStub } };
/** The RPC surface of FloorObject as the Worker sees it: every method answers a promise. */
type FloorStub = { [K in Method]: (rows: Row[]) => Promise<number> };
type Method = "ping" | "insertOne" | "insertEach" | "insertJson" | "insertJsonReturning";

/** Each case: the method it calls and how many rows one call carries. */
const CASES = {
  "empty RPC": { method: "ping", rows: 0 },
  "1 row (1 INSERT)": { method: "insertOne", rows: 1 },
  "100 rows, 100 INSERTs": { method: "insertEach", rows: 100 },
  "100 rows, 1 json_each INSERT": { method: "insertJson", rows: 100 },
  "100 rows, json_each + RETURNING": { method: "insertJsonReturning", rows: 100 },
} as const satisfies Record<string, { method: Method; rows: number }>;
type CaseName = keyof typeof CASES;

const JSON_INSERT =
  "INSERT INTO t (id, v) SELECT value ->> '$.id', value ->> '$.v' FROM json_each(?)";
/** A value about the size of a small event payload. */
const VALUE = JSON.stringify({ content_id: "c-000000", post_ids: ["p-000000"], n: 1 });

export class FloorObject extends DurableObject<FloorEnv> {
  constructor(ctx: DurableObjectState, env: FloorEnv) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, v TEXT NOT NULL)");
  }

  ping(_rows: Row[]): number {
    return 1;
  }

  insertOne(rows: Row[]): number {
    const row = rows[0];
    if (row) this.ctx.storage.sql.exec("INSERT INTO t (id, v) VALUES (?, ?)", row.id, row.v);
    return rows.length;
  }

  insertEach(rows: Row[]): number {
    for (const row of rows)
      this.ctx.storage.sql.exec("INSERT INTO t (id, v) VALUES (?, ?)", row.id, row.v);
    return rows.length;
  }

  insertJson(rows: Row[]): number {
    this.ctx.storage.sql.exec(JSON_INSERT, JSON.stringify(rows));
    return rows.length;
  }

  insertJsonReturning(rows: Row[]): number {
    const cursor = this.ctx.storage.sql.exec<{ id: string }>(
      `${JSON_INSERT} RETURNING id`,
      JSON.stringify(rows),
    );
    return cursor.toArray().length;
  }
}

/** Times `calls` calls of one case, `inflight` at a time, each lane on its own object. */
async function measure(env: FloorEnv, name: CaseName, calls: number, inflight: number) {
  const { method, rows } = CASES[name];
  const run = crypto.randomUUID().slice(0, 8);
  // Rows are built before the clock starts: only the calls are timed.
  const payloads = Array.from({ length: calls }, (_, c) =>
    Array.from({ length: rows }, (_, i) => ({
      id: `${run}-${c}-${i}`,
      v: VALUE,
    })),
  );
  const stubs = Array.from({ length: inflight }, (_, i) => env.FLOOR.getByName(`floor-${i}`));
  await Promise.all(stubs.map((stub) => stub.ping([]))); // wake every object first
  let next = 0;
  const started = performance.now();
  await Promise.all(
    stubs.map(async (stub) => {
      for (let c = next++; c < calls; c = next++) await stub[method](payloads[c] ?? []);
    }),
  );
  const elapsedMs = performance.now() - started;
  const usPerCall = (elapsedMs * 1000) / calls;
  return {
    case: name,
    inflight,
    calls,
    rows_per_call: rows,
    us_per_call: usPerCall,
    us_per_row: rows > 0 ? usPerCall / rows : null,
  };
}

const isCase = (name: string): name is CaseName => Object.hasOwn(CASES, name);

export default {
  async fetch(request: Request, env: FloorEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ ok: true });
    if (url.pathname === "/cases")
      return Response.json(Object.entries(CASES).map(([name, c]) => ({ name, rows: c.rows })));
    const name = url.searchParams.get("case") ?? "";
    if (url.pathname !== "/measure" || !isCase(name))
      return new Response("not found", { status: 404 });
    const calls = Number(url.searchParams.get("calls") ?? 1000);
    const inflight = Number(url.searchParams.get("inflight") ?? 1);
    return Response.json(await measure(env, name, calls, inflight));
  },
};
