import { describe, expect, it } from "vitest";
import { parseSandboxMessage, ZAnySandboxRequestSchema, ZSandboxReplySchema, ZSandboxRequestSchema } from "./sandbox-protocol";

const report = { scorerId: "dsb2018-map", scorerVersion: "1", score: 0.5, public: 0.4, private: 0.6, outputs: { score: 0.5 }, perItem: [{ id: "a", usage: "Public", score: 0.4 }] };

describe("sandbox messages", () => {
  it("should parse a scored reply and keep the report's breakdowns", () => {
    const reply = parseSandboxMessage(ZSandboxReplySchema, { kind: "scored", report: { ...report, model: { images: 2, loadMs: 10, inferenceMs: 5, loopMs: 8, imagesPerSecond: 250 } } }, "reply");
    expect(reply).toEqual({ kind: "scored", report: { ...report, model: { images: 2, loadMs: 10, inferenceMs: 5, loopMs: 8, imagesPerSecond: 250 } } });
  });

  it("should reject a malformed reply, naming each wrong field", () => {
    const malformed = { kind: "scored", report: { ...report, score: "0.5", model: { images: -1 } } };
    expect(() => parseSandboxMessage(ZSandboxReplySchema, malformed, "reply")).toThrow(/^malformed sandbox reply: report\.score: .*; report\.model\.images: /);
  });

  it("should reject a reply of an unknown kind", () => {
    expect(() => parseSandboxMessage(ZSandboxReplySchema, { kind: "promoted" }, "reply")).toThrow(/^malformed sandbox reply: kind: /);
  });

  it("should reject a malformed request, naming the field", () => {
    expect(() => parseSandboxMessage(ZSandboxRequestSchema, { scorerId: "dsb2018-map", params: {}, truthPath: 3, submissionPath: "/in/submission" }, "request")).toThrow(
      "malformed sandbox request: truthPath: Invalid input: expected string, received number",
    );
  });

  it("should tell an inspect request from a scoring request", () => {
    const inspect = parseSandboxMessage(ZAnySandboxRequestSchema, { mode: "inspect", modelPath: "/in/model.onnx", contract: {}, maxBytes: 10 }, "request");
    expect("mode" in inspect).toBe(true);
    const score = parseSandboxMessage(ZAnySandboxRequestSchema, { scorerId: "x", params: {}, truthPath: "/in/truth.csv", submissionPath: "/in/submission" }, "request");
    expect("mode" in score).toBe(false);
  });
});
