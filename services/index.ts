// What the platform Worker mounts from here: the fault store and its API, and the
// publisher's pages at /sites (read from the publisher's objects by id). Each service's
// own Worker is `<name>/worker.ts`; worker/local.ts composes them for local runs.

export { FaultStore } from "./faults/fault-store";
export { faultRoutes } from "./faults/routes";
export { createSiteApp } from "./publisher/site-app";
