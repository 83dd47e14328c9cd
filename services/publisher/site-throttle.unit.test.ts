import { describe, expect, it } from "vitest";
import { clientKey } from "./site-throttle";

describe("the bucket a reader is counted in", () => {
  it("is the IPv4 address itself", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("is the /64 of an IPv6 address, however it is written", () => {
    expect(clientKey("2001:db8:1:2::a")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0DB8:0001:0002:ffff:0:0:b")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("2001:db8:1:3::a")).not.toBe(clientKey("2001:db8:1:2::a"));
  });

  it("is one shared bucket for requests without an address", () => {
    expect(clientKey(undefined)).toBe(clientKey(""));
  });
});
