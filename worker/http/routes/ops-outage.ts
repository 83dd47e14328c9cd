import { Hono } from "hono";
import { z } from "zod";
import { MAX_OUTAGE_SECONDS } from "../../../agents/ops/outage";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { unprocessable } from "../../../platform/http/problem";
import { log } from "../../../platform/log";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";

export const OutageInput = z.strictObject({
  seconds: z.number().int().min(1).max(MAX_OUTAGE_SECONDS),
});

/**
 * The OpsAgent outage drill, mounted at /api/ops-agent/outage (operators only): while it
 * lasts the OpsAgent refuses every call but these, as if it were down, so an operator
 * can watch events flow without it. It ends by itself after `seconds`, or on DELETE.
 */
export const opsOutageRoutes = new Hono<{ Bindings: Env }>()
  .get("/", access(OPERATOR), async (c) => c.json(await opsAgent(c.env).outageState()))
  .put("/", access(OPERATOR), async (c) => {
    const parsed = OutageInput.safeParse(await readJsonBody(c, 1024));
    if (!parsed.success)
      throw unprocessable("The outage is not valid.", toFieldErrors(parsed.error));
    const state = await opsAgent(c.env).startOutage(parsed.data.seconds);
    log({ level: "warn", msg: "OpsAgent outage injected", ...state });
    return c.json(state);
  })
  .delete("/", access(OPERATOR), async (c) => {
    await opsAgent(c.env).endOutage();
    return c.body(null, 204);
  });
