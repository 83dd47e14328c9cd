import { describe } from "vitest";
import { startSession } from "./session";
import { bulkAndSearchVerbs } from "./verbs/bulk-and-search";
import { pauseVerbs } from "./verbs/pause";
import { restartAndReplayVerbs } from "./verbs/restart-and-replay";

/**
 * The console's operator verbs, each performed in the browser and checked by what the
 * operator then sees: one platform for all of them (each starts its own tenants), since
 * a platform start is the dearest part of a browser test.
 */
const session = startSession();

describe("pause, resume and archive a tenant", () => pauseVerbs(session));
describe("search runs across tenants, act in bulk, open any id", () => bulkAndSearchVerbs(session));
describe("restart a run from a step, replay a tenant's events", () =>
  restartAndReplayVerbs(session));
