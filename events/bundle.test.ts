import { describe, expect, it } from "vitest";
import { BUNDLE_MAX_BYTES, bundle, isBundle, unbundle } from "./bundle";
import { serializedBytes } from "./limits";

const envelope = (i: number, padding = 0) => ({
  event_id: `e-${i}`,
  payload: { pad: "x".repeat(padding) },
});

describe("bundles", () => {
  it("packs many small messages into one queue body and unpacks them in order", () => {
    const messages = Array.from({ length: 100 }, (_, i) => envelope(i));
    const bodies = bundle(messages);
    expect(bodies).toHaveLength(1);
    expect(unbundle(bodies[0])).toEqual(messages);
  });

  it("sends a single message as the plain envelope", () => {
    const [only] = bundle([envelope(1)]);
    expect(isBundle(only)).toBe(false);
    expect(unbundle(only)).toEqual([envelope(1)]);
  });

  it("keeps every body under one 64 KB billing unit", () => {
    const messages = Array.from({ length: 50 }, (_, i) => envelope(i, 5_000));
    const bodies = bundle(messages);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies)
      expect(serializedBytes(body)).toBeLessThanOrEqual(BUNDLE_MAX_BYTES + 64);
    expect(bodies.flatMap(unbundle)).toEqual(messages);
  });

  it("sends a message larger than a bundle on its own", () => {
    const big = envelope(1, 100_000);
    const bodies = bundle([envelope(0), big, envelope(2)]);
    expect(bodies).toEqual([envelope(0), big, envelope(2)]);
  });

  it("treats anything that is not a bundle as one message", () => {
    expect(unbundle({ switchboard_bundle: 2, messages: [] })).toHaveLength(1);
    expect(unbundle(null)).toEqual([null]);
  });
});
