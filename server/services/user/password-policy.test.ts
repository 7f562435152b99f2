import { describe, expect, it } from "vitest";
import { passwordBytes, passwordLengthProblem } from "./password-policy";

describe("passwordLengthProblem", () => {
  it("should accept 8 characters up to 72 bytes", () => {
    expect(passwordLengthProblem("12345678")).toBeNull();
    expect(passwordLengthProblem("a".repeat(72))).toBeNull();
    expect(passwordLengthProblem("é".repeat(36))).toBeNull();
  });

  it("should refuse 73 bytes, counting UTF-8 bytes rather than characters", () => {
    expect(passwordLengthProblem("a".repeat(73))).toMatch(/at most 72 bytes .*this one has 73/);
    expect(passwordBytes("é".repeat(37))).toBe(74);
    expect(passwordLengthProblem("é".repeat(37))).toMatch(/this one has 74/);
    expect(passwordLengthProblem("🔑".repeat(19))).toMatch(/this one has 76/);
  });

  it("should refuse short passwords", () => {
    expect(passwordLengthProblem("short")).toBe("Use at least 8 characters");
  });
});
