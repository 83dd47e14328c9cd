/**
 * Response bodies the document describes with a schema: the problem every error is, and
 * the answers whose shape is small and fixed. Each is checked against the server's own
 * type (`satisfies`), so a route that changes its answer breaks the build here. Answers
 * without a schema (agent state, metrics, traces) are described in words in
 * `operations.ts`.
 */
import { z } from "zod";
import type { OutageState } from "../../../agents/ops/outage";
import { Envelope } from "../../../events";
import { FaultInput, type FaultState } from "../../../events/faults";
import { Strategy, type StrategyVersion, type VersionedStrategy } from "../../../events/strategy";
import type { Problem as ProblemBody } from "../../../platform/http/problem";
import type { RedriveResult } from "../../queues/redrive";
import { RunAction } from "../routes/tenant-runs";

/** RFC 9457 problem details, as `problem.ts` writes them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  /** Field errors (`{ path, message }`) or, for a batch, one entry per bad item. */
  errors: z.array(z.unknown()).optional(),
}) satisfies z.ZodType<ProblemBody>;

export const Health = z.object({ ok: z.literal(true), version: z.string() });

/** One envelope or an array of them: what `POST /api/events` takes. */
export const IngestBody = z.union([Envelope, z.array(Envelope)]);

export const Accepted = z.object({
  accepted: z.number().int(),
  event_ids: z.array(z.string()),
  /** The request's W3C trace: the `traceparent` header's, or one minted at ingest. */
  trace_id: z.string(),
  /** Each message's trace, in the order sent (one that brought its own keeps it). */
  trace_ids: z.array(z.string()),
});

export const CycleAccepted = z.object({
  accepted: z.literal(true),
  correlation_id: z.string(),
});

export const VersionedStrategySchema = z.object({
  version: z.number().int(),
  strategy: Strategy,
}) satisfies z.ZodType<VersionedStrategy>;

export const StrategyVersions = z.object({
  versions: z.array(
    z.object({
      version: z.number().int(),
      strategy: Strategy,
      created_at: z.string(),
      note: z.string(),
      author: z.string().nullable(),
    }) satisfies z.ZodType<StrategyVersion>,
  ),
});

/**
 * `POST /api/tenants/:id/strategy/rollback`'s body. A copy: the route's own schema is
 * module-local in `routes/strategy.ts`; export it there and use it here instead.
 */
export const RollbackBody = z.strictObject({ version: z.number().int().positive() });

export const RunActionResult = z.object({
  run_id: z.string(),
  action: RunAction,
  status: z.string(),
});

export const RedriveResultSchema = z.object({
  redriven: z.array(z.string()),
  missing: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), error: z.string() })),
  kept: z.array(z.string()),
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
}) satisfies z.ZodType<RedriveResult>;

export const RedriveOne = z.object({ id: z.string(), status: z.enum(["redriven", "kept"]) });

export const OutageStateSchema = z.object({
  unavailable_until: z.string().nullable(),
}) satisfies z.ZodType<OutageState>;

export const FaultStateSchema = z.object({
  service: z.string(),
  fault: FaultInput,
  updated_at: z.string(),
}) satisfies z.ZodType<FaultState, unknown>;
