import { describe, expect, it } from "vitest";
import { getScorer } from "../../../scorers";
import { paramsSchemaOf } from "../../../scorers/custom/declaration";
import { paramFields } from "./param-fields";

describe("parameter forms", () => {
  it("should make one field per parameter with its type, bounds, choices and default", () => {
    expect(paramFields(getScorer("f1-at-iou")!.paramsSchema)).toEqual([
      { key: "threshold", kind: "number", default: 0.5, exclusiveMinimum: 0, exclusiveMaximum: 1, nullable: false, fixed: false },
      { key: "aggregate", kind: "enum", default: "pooled", options: ["image", "pooled"], nullable: false, fixed: false },
      { key: "maxObjectsPerImage", kind: "integer", default: 1000, minimum: 1, maximum: 1_000_000, nullable: false, fixed: false },
    ]);
  });

  it("should mark parameters the challenge sets, single-valued ones and nullable ones", () => {
    expect(paramFields(getScorer("hpa-macro-f1")!.paramsSchema)).toEqual([{ key: "classCount", kind: "number", default: 28, nullable: false, fixed: true }]);
    expect(paramFields(getScorer("macro-f1")!.paramsSchema, ["classCount"])).toEqual([
      { key: "classCount", kind: "integer", default: null, minimum: 2, maximum: 100_000, nullable: true, fixed: true },
    ]);
  });

  it("should make the form of a custom scorer's declared parameters", () => {
    const schema = paramsSchemaOf({ beta: { type: "number", default: 1, min: 0 }, strict: { type: "boolean", default: false }, mode: { type: "enum", values: ["a", "b"], default: "a" } });
    expect(paramFields(schema).map((f) => [f.key, f.kind, f.default])).toEqual([
      ["beta", "number", 1],
      ["strict", "boolean", false],
      ["mode", "enum", "a"],
    ]);
  });
});
