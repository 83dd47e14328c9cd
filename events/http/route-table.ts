import { z } from "zod";
import { count, maybeText, text } from "./fields";

/** Where a rule delivers: the tenant's agent, a queue (maybe as a command), the ops feed. */
export const DestinationView = z.looseObject({
  /** "tenant-agent", "queue" or "ops-feed". */
  kind: text,
  queue: text.optional(),
  /** The command a queue destination turns the message into, built by `map`. */
  as: text.optional(),
  map: z.record(z.string(), z.string()).optional(),
});
export type DestinationView = z.infer<typeof DestinationView>;

/** One rule of the route table (`events/routes.ts` `RouteRule`), with its hit count. */
export const RuleWithHits = z.looseObject({
  id: text,
  match: text,
  /** The rule's `Predicate` (`events/routes.ts`), as data; absent means always. */
  when: z.unknown().optional(),
  to: z.array(DestinationView),
  description: text.optional(),
  hits: count,
  last_hit_at: maybeText,
});
export type RuleWithHits = z.infer<typeof RuleWithHits>;

/** `GET /api/routes`: the route table as data, each rule with its hits. */
export const RouteTableWithHits = z.object({ version: count, rules: z.array(RuleWithHits) });
export type RouteTableWithHits = z.infer<typeof RouteTableWithHits>;
