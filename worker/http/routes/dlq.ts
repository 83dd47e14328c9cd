import { Hono } from "hono";
import { z } from "zod";
import { DEAD_LETTER_LIMITS, letterWaiting } from "../../../agents/ops/dead-letter-policy";
import { TenantId } from "../../../events";
import { CONSUMED_QUEUES } from "../../../events/queue-names";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { log } from "../../../platform/log";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { previewRedrive, type RedriveResult, redrive } from "../../queues/redrive";
import { cursorParam, encodeCursor } from "../cursor";

/** At most this many letters move in one redrive request. */
const MAX_REDRIVE = 500;

const QueueName = z.enum(CONSUMED_QUEUES);
const TypeName = z.string().min(1).max(128);
/** An ISO time with an offset, in the form letters are stored with (so they compare). */
const StoreTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/** What narrows a list, or a redrive by filter, alike. */
const filterFields = {
  queue: QueueName.optional(),
  type: TypeName.optional(),
  tenant: TenantId.optional(),
  /** Last seen at or after. */
  since: StoreTime.optional(),
  /** Last seen before. */
  until: StoreTime.optional(),
  /** A piece of the event id or of the reason. */
  q: z.string().min(1).max(200).optional(),
};

function timesInOrder(filter: { since?: string; until?: string }, ctx: z.RefinementCtx): void {
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    ctx.addIssue({ code: "custom", path: ["until"], message: "until must be later than since" });
  }
}

/** A page's end as its cursor says it: the last letter's last sight and id. */
const Position = z
  .tuple([z.iso.datetime(), z.string().min(1).max(300)])
  .transform(([last_seen, id]) => ({ last_seen, id }));

export const ListQuery = z
  .object({
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** The previous page's `next_cursor`. */
    cursor: cursorParam(Position).optional(),
  })
  .superRefine(timesInOrder);

export const RedriveBody = z
  .strictObject({
    ids: z.array(z.string().min(1).max(300)).min(1).max(MAX_REDRIVE).optional(),
    filter: z.strictObject(filterFields).superRefine(timesInOrder).optional(),
    limit: z.number().int().min(1).max(MAX_REDRIVE).optional(),
    /** Say what a redrive would do, and do nothing. */
    preview: z.boolean().optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.ids === undefined) === (body.filter === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "give either ids or filter (not both)" });
    }
    if (body.ids !== undefined && body.limit !== undefined) {
      ctx.addIssue({ code: "custom", path: ["limit"], message: "limit goes with filter" });
    }
  });

/** The dead-letter store: list, redrive, delete. */
export const dlqRoutes = new Hono<{ Bindings: Env }>()
  /**
   * Dead letters, newest first, a page at a time, with each body as it was on the queue;
   * `next_cursor` asks for the next (older) page, null on the last one. And the store's
   * counters (the tenant's when filtered by tenant) with its bounds.
   */
  .get("/", access(OPERATOR), async (c) => {
    const { limit, cursor, ...filter } = parseQuery(c, ListQuery);
    const ops = await opsAgent(c.env);
    const [found, counts] = await Promise.all([
      // One more than a page: whether it is there says if another page follows.
      ops.listDeadLetters({ ...filter, limit: limit + 1, ...(cursor ? { after: cursor } : {}) }),
      ops.deadLetterCounts(filter.tenant),
    ]);
    const letters = found.slice(0, limit);
    const last = letters.at(-1);
    return c.json({
      dead_letters: letters.map(({ body, ...letter }) => ({
        ...letter,
        body: parseBody(body),
        waiting: letterWaiting(letter, Date.now()),
      })),
      next_cursor: found.length > limit && last ? encodeCursor([last.last_seen, last.id]) : null,
      store: { tenant: filter.tenant ?? null, ...counts, ...DEAD_LETTER_LIMITS },
    });
  })
  /** Sends letters back to their queues; removes each from the store once it was sent. */
  .post("/redrive", access(OPERATOR), async (c) => {
    const parsed = RedriveBody.safeParse(await readJsonBody(c, 256 * 1024));
    if (!parsed.success) {
      throw unprocessable("The redrive request is not valid.", toFieldErrors(parsed.error));
    }
    const { ids, filter, limit, preview } = parsed.data;
    const selection = ids ? { ids } : { filter: filter ?? {}, limit: limit ?? MAX_REDRIVE };
    if (preview) {
      // A preview changes nothing: no line in the audit log.
      c.set("audit", { skip: true });
      return c.json(await previewRedrive(c.env, selection));
    }
    const result = await redrive(c.env, selection);
    logRedrive(result);
    return c.json(result);
  })
  /**
   * Redrives one letter: 200 `{ id, status }` once sent ("redriven", or "kept" when it was
   * dead-lettered again meanwhile); a problem when it is not there (404), past the
   * redrive horizon (409, with the reason) or its queue refused the send (503).
   */
  .post("/:id/redrive", access(OPERATOR), async (c) => {
    const id = c.req.param("id");
    if (id.length > 300) throw notFound(id);
    const result = await redrive(c.env, { ids: [id] });
    logRedrive(result);
    const refused = result.refused[0];
    if (refused) {
      throw new ProblemError(409, "redrive-refused", "Too old to redrive", refused.reason);
    }
    const failed = result.failed[0];
    if (failed) {
      throw new ProblemError(
        503,
        "redrive-failed",
        "Redrive failed",
        `Its queue refused the send (${failed.error}); the letter stays in the store.`,
      );
    }
    if (result.redriven.includes(id)) return c.json({ id, status: "redriven" });
    if (result.kept.includes(id)) return c.json({ id, status: "kept" });
    throw notFound(id);
  })
  /** Deletes one letter for good (an operator's decision, logged). */
  .delete("/:id", access(OPERATOR), async (c) => {
    const id = c.req.param("id");
    const ops = await opsAgent(c.env);
    const deleted = id.length <= 300 && (await ops.deleteDeadLetter(id));
    if (!deleted) throw notFound(id);
    log({ level: "info", msg: "dead letter deleted", id });
    return c.body(null, 204);
  });

function notFound(id: string): ProblemError {
  return new ProblemError(404, "not-found", "Not found", `No dead letter ${id}.`);
}

function logRedrive(result: RedriveResult): void {
  log({
    level: "info",
    msg: "redrive",
    redriven: result.redriven.length,
    failed: result.failed.length,
    missing: result.missing.length,
    kept: result.kept.length,
    refused: result.refused.length,
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
