import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Every message the tenant agent sends is minted by its decisions (`decide.ts`,
// `decide-reports.ts`), pure functions with time and ids injected, tested given/when/then.
describe("where the tenant agent mints messages", () => {
  // The inputs it hands to `decide` itself (a cycle asked for now, a preview's research).
  const INPUTS: Record<string, string> = {
    "agent-messages.ts": "cycle.requested, the input of a cycle asked for now",
    "strategy-preview.ts": "research.completed, the input a preview decides on",
  };

  it("given every file of the agent, only the decisions (and the listed inputs) call createMessage", () => {
    const dir = join(import.meta.dirname, "../../agents/tenant");
    const minting = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.includes(".test."))
      .filter((f) => readFileSync(join(dir, f), "utf8").includes("createMessage("))
      .filter((f) => !["decide.ts", "decide-reports.ts"].includes(f) && !(f in INPUTS));
    expect(minting).toEqual([]);
  });
});
