import { describe, expect, it } from "vitest";
import { isSaneRequestId, requestIdFrom } from "./request-id";

describe("requestIdFrom", () => {
  it("should keep a sane incoming id", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "lb-7f3a9c2e-0001" }))).toBe("lb-7f3a9c2e-0001");
  });

  it("should replace a missing, short, long or odd id by a fresh UUID", () => {
    for (const value of [undefined, "", "abc", "x".repeat(129), "id with spaces", "id\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "a;b;c;d;e;f"]) {
      const headers = new Headers(value === undefined ? {} : { "x-request-id": value });
      const id = requestIdFrom(headers);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(id).not.toBe(value);
    }
  });

  it("should accept UUIDs and tracer ids", () => {
    expect(isSaneRequestId("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isSaneRequestId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBe(true);
    expect(isSaneRequestId("Root=1-67891233-abcdef012345678912345678")).toBe(true);
  });
});
