// The few Workers runtime types the floor Worker uses. tsconfig.node.json type-checks all
// of bench/ with Node and DOM types, where the full Workers types would clash, so the
// Worker declares what it needs here (a subset of worker-configuration.d.ts).
declare module "cloudflare:workers" {
  type SqlValue = ArrayBuffer | string | number | null;
  export type SqlCursor<T> = { toArray(): T[]; readonly rowsWritten: number };
  export type SqlStorage = {
    exec<T extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]): SqlCursor<T>;
  };
  export type DurableObjectState = { storage: { sql: SqlStorage } };
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
