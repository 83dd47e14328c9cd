import { describe, expect, it } from "vitest";
import { FaultInput, rollFault } from "./faults";

const always = () => 0;
const never = () => 0.999;

describe("an injected fault", () => {
  it("fails every command at a fail rate of 1, permanently when asked", () => {
    const permanent = FaultInput.parse({ fail_rate: 1, permanent: true });
    const transient = FaultInput.parse({ fail_rate: 1 });
    expect(rollFault(permanent, "acme", never)).toBe("permanent");
    expect(rollFault(transient, "acme", never)).toBe("transient");
  });

  it("fails a command when the roll falls under the fail rate", () => {
    const fault = FaultInput.parse({ fail_rate: 0.3 });
    expect(rollFault(fault, "acme", () => 0.29)).toBe("transient");
    expect(rollFault(fault, "acme", () => 0.3)).toBe("none");
  });

  it("touches only its tenant's commands when it names one", () => {
    const fault = FaultInput.parse({ fail_rate: 1, tenant: "acme" });
    expect(rollFault(fault, "acme", always)).toBe("transient");
    expect(rollFault(fault, "other", always)).toBe("none");
  });

  it("never fails a command at a fail rate of 0 (latency only)", () => {
    const fault = FaultInput.parse({ fail_rate: 0, latency_ms: 500 });
    expect(rollFault(fault, "acme", always)).toBe("none");
  });

  it("fills in defaults and rejects unknown or out-of-range fields", () => {
    expect(FaultInput.parse({ fail_rate: 0.5 })).toEqual({
      fail_rate: 0.5,
      permanent: false,
      latency_ms: 0,
      tenant: null,
    });
    expect(FaultInput.safeParse({ fail_rate: 1.5 }).success).toBe(false);
    expect(FaultInput.safeParse({ fail_rate: 0.5, latency_ms: -1 }).success).toBe(false);
    expect(FaultInput.safeParse({ fail_rate: 0.5, colour: "red" }).success).toBe(false);
    expect(FaultInput.safeParse({ permanent: true }).success).toBe(false);
  });
});
