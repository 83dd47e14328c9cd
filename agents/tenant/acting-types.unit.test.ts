import { describe, expect, it } from "vitest";
import { messageTypes } from "../../events";
import { payloadFixtures } from "../../events/fixtures";
import { ACTING_TYPES } from "./apply";
import { decide } from "./decide";
import { isRecorded } from "./decision";
import { evolve } from "./evolve";
import { fixedContext, message, model } from "./testing/given";

// The transaction skips the model for types outside ACTING_TYPES: this holds that set
// to what the pure code does, so a new case in decide or evolve cannot be skipped.
describe("the types the agent only logs and counts", () => {
  const passive = messageTypes.filter((type) => !ACTING_TYPES.has(type));

  it("are some of the catalog's types, not none and not all", () => {
    expect(passive.length).toBeGreaterThan(0);
    expect(passive.length).toBeLessThan(messageTypes.length);
  });

  it.each(passive)("%s decides nothing and leaves the model as it was", (type) => {
    // Given a tenant's model, when a message of a passive type arrives
    const ctx = fixedContext();
    const before = model();
    const arrived = message(type, payloadFixtures[type] as never, ctx);

    // Then no decision is recorded and the model is unchanged
    expect(isRecorded(decide(arrived, before, ctx))).toBe(false);
    expect(evolve(before, arrived)).toEqual(before);
  });
});
