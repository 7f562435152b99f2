import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("should take the last X-Forwarded-For entry (the one our proxy or next start wrote)", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4, 198.51.100.7" })).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.0.0.1,  2001:DB8::1 " }))).toBe("2001:db8::1");
  });

  it("should treat an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
  });

  it("should give null for a missing or malformed header rather than a made-up key", () => {
    expect(clientAddress({})).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "" })).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4, not-an-address" })).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "x".repeat(5000) })).toBeNull();
  });
});
