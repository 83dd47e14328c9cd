import { describe, expect, it } from "vitest";
import { checkFault, describeFault, EMPTY_FAULT } from "./fault-form";

describe("the fault form", () => {
  it("turns a percentage into the share the faults API takes", () => {
    const check = checkFault({
      ...EMPTY_FAULT,
      percent: "25",
      permanent: false,
      latency_ms: "200",
      tenant: "acme",
    });
    expect(check).toEqual({
      ok: true,
      fault: { fail_rate: 0.25, permanent: false, latency_ms: 200, tenant: "acme" },
    });
  });

  it("refuses what the faults API's own schema refuses, beside the field", () => {
    const check = checkFault({ ...EMPTY_FAULT, percent: "150", latency_ms: "60000" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.percent).toBe("between 0 and 100 %");
    expect(check.errors.latency_ms).toMatch(/30000/);
  });

  it("asks for a number rather than reading an empty box as zero", () => {
    const check = checkFault({ ...EMPTY_FAULT, percent: " " });
    expect(!check.ok && check.errors.percent).toBe("enter a percentage");
  });

  it("says what a fault does in words", () => {
    expect(describeFault({ fail_rate: 1, permanent: true, latency_ms: 0, tenant: null })).toBe(
      "fails 100 % of commands, permanently (dead-lettered at once), every tenant",
    );
  });
});
