import { describe, expect, it } from "vitest";
import { letterWaiting } from "./dead-letter-policy";

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2030-06-15T12:00:00.000Z");
const letter = (firstSeenDaysAgo: number) => ({
  queue: "social-commands",
  reason: "post failed: 503",
  attempts: 6,
  first_seen: new Date(NOW - firstSeenDaysAgo * DAY_MS).toISOString(),
  last_seen: new Date(NOW - DAY_MS).toISOString(),
});

describe("why a dead letter waits", () => {
  it("says a letter within the horizon waits for an operator, and until when it is kept", () => {
    // Given a letter first seen two days ago, last seen one day ago
    const waiting = letterWaiting(letter(2), NOW);
    // Then it is the operator's turn, with the failure, the tries and its expiry
    expect(waiting).toEqual({
      reason: "dead_lettered",
      text: "Failed on social-commands after 6 attempts (post failed: 503); waits for an operator to redrive or delete it, and is kept until 2030-06-21T12:00:00.000Z.",
      since: "2030-06-14T12:00:00.000Z",
    });
  });

  it("says a letter past the dedup horizon cannot be redriven, and why", () => {
    const waiting = letterWaiting(letter(8), NOW);
    expect(waiting.reason).toBe("past_redrive_horizon");
    expect(waiting.text).toMatch(/^Not redrivable: first seen .* more than 7 days ago/);
    expect(waiting.since).toBe("2030-06-07T12:00:00.000Z");
  });
});
