import { z } from "zod";
import type { Envelope } from "./envelope";
import { Count, Id, Keyword, list, PageUrl, Period, Reason } from "./fields";

/** The services outside the platform's own code that produce messages (reference services). */
export const SERVICE_NAMES = ["research", "publisher", "social", "analytics"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Who may send a type through the HTTP ingest, besides an operator (who may inject any
 * type, and is recorded as its source): the services that produce it, by the service a
 * token names, or any service; and whether a tenant may send it for itself. Types only
 * the platform's own code produces (the agents, the workflow, the fan-out) name nobody.
 */
export type IngestSenders = { services: readonly ServiceName[] | "any"; tenant?: true };

/** One catalog entry: what a message means, who sends it, who reads it, and its payload. */
export type CatalogEntry = {
  /** Commands ask for work (imperative names); events state facts (past tense). */
  kind: "command" | "event";
  description: string;
  producers: readonly string[];
  /** The producers as policy: who may send it through `POST /api/events`. */
  ingest: IngestSenders;
  consumers: readonly string[];
  payload: z.ZodObject<z.core.$ZodLooseShape, z.core.$strict>;
};

/**
 * Every message type the platform knows, with its payload schema (DESIGN §4).
 * A published entry is immutable: a breaking change adds `<type>.v2` instead.
 */
export const catalog = {
  "research.requested": {
    kind: "command",
    description: "Research these keywords for the tenant.",
    producers: ["tenant-agent"],
    ingest: { services: [] },
    consumers: ["research"],
    payload: z.strictObject({
      keywords: z.array(Keyword).min(1).max(50),
      priority: z.enum(["low", "normal", "high"]).default("normal"),
    }),
  },
  "research.completed": {
    kind: "event",
    description: "Research finished; the results are stored under these ids.",
    producers: ["research"],
    ingest: { services: ["research"] },
    consumers: ["tenant-agent"],
    payload: z.strictObject({
      research_ids: list(Id),
      // A count, not the keywords: the results are read by id.
      keywords_researched: Count,
    }),
  },
  "content.ready": {
    kind: "event",
    description: "An article is written, edited and stored.",
    producers: ["content-workflow"],
    ingest: { services: [] },
    consumers: ["tenant-agent"],
    payload: z.strictObject({ content_id: Id, keyword: Keyword, word_count: Count }),
  },
  "content.publish": {
    kind: "command",
    description: "Publish this stored article.",
    producers: ["content-workflow"],
    ingest: { services: [] },
    consumers: ["publisher"],
    payload: z.strictObject({ content_id: Id, keyword: Keyword }),
  },
  "content.published": {
    kind: "event",
    description: "An article is live at these URLs.",
    producers: ["publisher"],
    ingest: { services: ["publisher"] },
    consumers: ["tenant-agent", "social", "analytics"],
    payload: z.strictObject({
      content_id: Id,
      urls: list(PageUrl).min(1),
      published_at: z.iso.datetime({ offset: true }),
    }),
  },
  "social.post": {
    kind: "command",
    description: "Announce this published article on the tenant's social accounts.",
    producers: ["fan-out"],
    ingest: { services: [] },
    consumers: ["social"],
    payload: z.strictObject({ content_id: Id, url: PageUrl }),
  },
  "social.posted": {
    kind: "event",
    description: "The article was announced; these are the posts.",
    producers: ["social"],
    ingest: { services: ["social"] },
    consumers: ["tenant-agent"],
    payload: z.strictObject({ content_id: Id, post_ids: list(Id).min(1) }),
  },
  "performance.requested": {
    kind: "command",
    description: "Report search performance for these pages over a period.",
    producers: ["tenant-agent"],
    ingest: { services: [] },
    consumers: ["analytics"],
    payload: z.strictObject({ urls: list(PageUrl).min(1), period: Period }),
  },
  "performance.report": {
    kind: "event",
    description: "Search performance of one page over a period.",
    producers: ["analytics"],
    ingest: { services: ["analytics"] },
    consumers: ["tenant-agent"],
    payload: z.strictObject({
      url: PageUrl,
      impressions: Count,
      clicks: Count,
      // Average search position; 0 when the page did not rank in the period.
      position: z.number().nonnegative(),
      period: Period,
    }),
  },
  "cycle.requested": {
    kind: "command",
    description: "Run a cycle for the tenant now.",
    producers: ["any service (agent-commands)", "worker"],
    ingest: { services: "any", tenant: true },
    consumers: ["tenant-agent"],
    payload: z.strictObject({ reason: z.string().min(1).max(200) }),
  },
  "content.refresh": {
    kind: "command",
    description: "Rewrite an article that underperforms; the agent starts a new run.",
    producers: ["analytics (agent-commands)"],
    ingest: { services: ["analytics"] },
    consumers: ["tenant-agent"],
    payload: z.strictObject({ content_id: Id, reason: Reason }),
  },
  "tenant.created": {
    kind: "event",
    description: "A tenant (a brand) was registered.",
    producers: ["worker"],
    ingest: { services: [] },
    consumers: ["tenant-agent", "ops-agent"],
    payload: z.strictObject({ name: z.string().min(1).max(200) }),
  },
  "strategy.updated": {
    kind: "event",
    description: "The tenant's strategy has a new version (an edit or a rollback).",
    producers: ["tenant-agent"],
    ingest: { services: [] },
    consumers: ["ops-agent"],
    payload: z.strictObject({ version: z.number().int().positive() }),
  },
  "cycle.started": {
    kind: "event",
    description: "The tenant's agent started a cycle.",
    producers: ["tenant-agent"],
    ingest: { services: [] },
    consumers: ["ops-agent"],
    payload: z.strictObject({ reason: z.string().min(1).max(200), cycle_id: Id.optional() }),
  },
  "workflow.failed": {
    kind: "event",
    description: "A content run failed permanently at a step.",
    producers: ["content-workflow"],
    ingest: { services: [] },
    consumers: ["tenant-agent", "ops-agent"],
    payload: z.strictObject({
      run_id: Id,
      content_id: Id.optional(),
      keyword: Keyword.optional(),
      step: z.string().min(1).max(128),
      reason: Reason,
    }),
  },
} as const satisfies Record<string, CatalogEntry>;

type Catalog = typeof catalog;

/** Every type in the catalog. */
export type MessageType = keyof Catalog;

/** The kind (`"command"` or `"event"`) of a message type. */
export type KindOf<T extends MessageType> = Catalog[T]["kind"];

/** Message types that ask for work. */
export type CommandType = {
  [K in MessageType]: KindOf<K> extends "command" ? K : never;
}[MessageType];

/** Message types that state facts. */
export type EventType = {
  [K in MessageType]: KindOf<K> extends "event" ? K : never;
}[MessageType];

/** The payload of a type after parsing (defaults filled in). */
export type PayloadOf<T extends MessageType> = z.output<Catalog[T]["payload"]>;

/** The payload a producer may write for a type (fields with defaults may be left out). */
export type PayloadInputOf<T extends MessageType> = z.input<Catalog[T]["payload"]>;

/** A parsed message; with a union of types it is a union discriminated on `type`. */
export type Message<T extends MessageType = MessageType> = {
  [K in T]: Omit<Envelope, "type" | "payload"> & { type: K; payload: PayloadOf<K> };
}[T];

/** Every type in the catalog, in catalog order. */
// Object.keys widens to string[]; the catalog is a closed literal, so the cast is exact.
export const messageTypes: readonly MessageType[] = Object.keys(catalog) as MessageType[];

/** Whether a string names a catalog type (own keys only, so `"__proto__"` is not one). */
export function isMessageType(s: string): s is MessageType {
  return Object.hasOwn(catalog, s);
}

/** Whether a type is a command or an event. */
export function kindOf<T extends MessageType>(type: T): KindOf<T> {
  return catalog[type].kind;
}
