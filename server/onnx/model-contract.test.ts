import { describe, expect, it } from "vitest";
import { ZClassificationContractSchema, ZModelContractSchema, ZSegmentationContractSchema } from "./model-contract";

describe("model contracts", () => {
  it("should fill every default of a bare segmentation contract", () => {
    expect(ZModelContractSchema.parse({ task: "segmentation" })).toEqual({
      task: "segmentation",
      inputName: "input",
      outputName: "output",
      channels: "grey",
      channelOrder: ["red", "green", "blue"],
      normalization: { kind: "scale", divisor: 255 },
      size: { kind: "dynamic", stride: 32 },
      output: { kind: "foreground", activation: "none", threshold: 0.5, minSize: 10 },
      batchSize: 1,
    });
  });

  it("should fill every default of a bare classification contract", () => {
    const contract = ZModelContractSchema.parse({ task: "classification" });
    expect(contract).toMatchObject({
      task: "classification",
      inputSize: 128,
      channelOrder: ["red", "green", "blue", "yellow"],
      activation: "sigmoid",
      threshold: 0.5,
      decision: "threshold",
      classCount: 28,
    });
  });

  it("should accept a fixed-size RGB contract with mean/std normalisation", () => {
    const contract = ZSegmentationContractSchema.parse({
      task: "segmentation",
      channels: "rgb",
      channelOrder: ["blue", "green", "red"],
      normalization: { kind: "meanStd", mean: [0.406, 0.456, 0.485], std: [0.225, 0.224, 0.229] },
      size: { kind: "fixed", height: 256, width: 256, overlap: 16 },
      output: { kind: "foregroundBoundary" },
    });
    expect(contract.output).toEqual({ kind: "foregroundBoundary", activation: "none", threshold: 0.5, minSize: 10 });
  });

  it("should reject mean/std lists that do not match the channel count", () => {
    const result = ZSegmentationContractSchema.safeParse({ task: "segmentation", normalization: { kind: "meanStd", mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["normalization.mean", "normalization.std"]);
  });

  it("should reject a channel order that is not a permutation", () => {
    expect(ZClassificationContractSchema.safeParse({ task: "classification", channelOrder: ["red", "red", "blue", "yellow"] }).success).toBe(false);
    expect(ZSegmentationContractSchema.safeParse({ task: "segmentation", channels: "rgb", channelOrder: ["red", "green"] }).success).toBe(false);
  });

  it("should reject a tile overlap of half the tile or more", () => {
    const size = { kind: "fixed", height: 64, width: 128, overlap: 32 };
    expect(ZSegmentationContractSchema.safeParse({ task: "segmentation", size }).success).toBe(false);
    expect(ZSegmentationContractSchema.safeParse({ task: "segmentation", size: { ...size, overlap: 31 } }).success).toBe(true);
  });

  it("should take any whole class count from 1 to 1000", () => {
    for (const classCount of [1, 5, 28, 1000]) expect(ZClassificationContractSchema.parse({ task: "classification", classCount }).classCount).toBe(classCount);
    for (const classCount of [0, 1001, 2.5, "5"]) expect(ZClassificationContractSchema.safeParse({ task: "classification", classCount }).success).toBe(false);
  });

  it("should take decision threshold or argmax only", () => {
    expect(ZClassificationContractSchema.parse({ task: "classification", decision: "argmax" }).decision).toBe("argmax");
    expect(ZClassificationContractSchema.safeParse({ task: "classification", decision: "softmax" }).success).toBe(false);
  });
});
