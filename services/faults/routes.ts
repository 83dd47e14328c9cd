import { Hono } from "hono";
import { FaultInput } from "../../events/faults";
import { toFieldErrors } from "../../platform/http/field-errors";
import { readJsonBody } from "../../platform/http/json-body";
import { ProblemError, unprocessable } from "../../platform/http/problem";
import { isServiceName, SERVICE_NAMES, SERVICE_QUEUES, type ServiceName } from "../shared/names";
import { faultStore } from "./fault-store";

function serviceParam(name: string): ServiceName {
  if (isServiceName(name)) return name;
  throw new ProblemError(
    404,
    "not-found",
    "Not found",
    `No service ${name}; the services are ${SERVICE_NAMES.join(", ")}.`,
  );
}

/**
 * Fault injection, mounted at /api/services: make a service fail transiently,
 * permanently or slowly, see its fault, clear it.
 */
export const faultRoutes = new Hono<{ Bindings: Env }>()
  /** Every service with its command queue and current fault (null when healthy). */
  .get("/", async (c) => {
    const faults = await faultStore(c.env).listFaults();
    return c.json({
      services: SERVICE_NAMES.map((service) => ({
        service,
        queue: SERVICE_QUEUES[service],
        fault: faults.find((f) => f.service === service)?.fault ?? null,
      })),
    });
  })
  .get("/:service/faults", async (c) => {
    const service = serviceParam(c.req.param("service"));
    const state = await faultStore(c.env).getFault(service);
    return c.json({ service, fault: state?.fault ?? null, updated_at: state?.updated_at ?? null });
  })
  .put("/:service/faults", async (c) => {
    const service = serviceParam(c.req.param("service"));
    const parsed = FaultInput.safeParse(await readJsonBody(c, 4 * 1024));
    if (!parsed.success) {
      throw unprocessable("The fault is not valid.", toFieldErrors(parsed.error));
    }
    const state = await faultStore(c.env).setFault(service, parsed.data);
    return c.json(state);
  })
  .delete("/:service/faults", async (c) => {
    const service = serviceParam(c.req.param("service"));
    await faultStore(c.env).clearFault(service);
    return c.body(null, 204);
  });
