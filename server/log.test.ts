import { describe, expect, it } from "vitest";
import { prettyLine } from "./log";

describe("prettyLine", () => {
  it("should print role, level past info, message and extra fields", () => {
    const line = prettyLine(JSON.stringify({ level: 50, time: 0, pid: 1, role: "worker", msg: "scoring failed", submissionId: "s1", attempt: 2 }));
    expect(line).toMatch(/^\d\d:\d\d:\d\d \[worker\] ERROR scoring failed {2}submissionId=s1 attempt=2\n$/);
  });

  it("should keep an error's stack and pass non-JSON through", () => {
    expect(prettyLine(JSON.stringify({ level: 30, msg: "x", err: { stack: "Error: boom\n    at f" } }))).toContain("[scopebench] x\nError: boom\n    at f");
    expect(prettyLine("plain")).toBe("plain");
  });
});
