import { z } from "zod";
import { maybeText, text } from "./fields";

/** `GET /api/health` (public). */
export const Health = z.object({ ok: z.literal(true), version: text });
export type Health = z.infer<typeof Health>;

/** `GET`/`PUT /api/ops-agent/outage`: the OpsAgent outage drill; null when none is on. */
export const OutageState = z.object({ unavailable_until: maybeText });
export type OutageState = z.infer<typeof OutageState>;
