import { describe, expect, it } from "vitest";
import { ZModelContractSchema } from "../../onnx/model-contract";
import { modelContractForDataset } from "./model-contract-for-dataset";

const single = { slug: "cells", taskType: "singlelabel_classification", classNames: ["a", "b", "c", "d", "e"] } as const;
const hpa = { slug: "hpa", taskType: "multilabel_classification", classNames: [] } as const;

describe("modelContractForDataset", () => {
  it("should take the class count and argmax from a single-label dataset when the contract leaves them out", () => {
    expect(modelContractForDataset({ task: "classification", inputSize: 64 }, single)).toMatchObject({ classCount: 5, decision: "argmax", inputSize: 64 });
  });

  it("should leave an HPA contract exactly as the schema alone parses it", () => {
    const raw = { task: "classification", inputSize: 128, fallbackToTopClass: true };
    expect(modelContractForDataset(raw, hpa)).toEqual(ZModelContractSchema.parse(raw));
    expect(modelContractForDataset(raw, hpa)).toMatchObject({ classCount: 28, decision: "threshold" });
  });

  it("should refuse a class count other than the dataset's, naming both", () => {
    expect(() => modelContractForDataset({ task: "classification", classCount: 28 }, single)).toThrow(
      'The model contract\'s classCount 28 does not match the 5 classes of dataset "cells"; leave classCount out to take the dataset\'s.',
    );
  });

  it("should refuse thresholding for single-label data and accept argmax for multi-label data", () => {
    expect(() => modelContractForDataset({ task: "classification", decision: "threshold" }, single)).toThrow(/single-label: the model contract needs decision "argmax"/);
    expect(modelContractForDataset({ task: "classification", decision: "argmax" }, hpa)).toMatchObject({ decision: "argmax" });
  });

  it("should refuse a contract whose task does not fit the dataset, and an invalid one with the field", () => {
    expect(() => modelContractForDataset({ task: "segmentation" }, single)).toThrow("A segmentation model contract does not fit a single-label classification dataset.");
    expect(() => modelContractForDataset({ task: "classification", classCount: 0 }, single)).toThrow(/valid model contract: .*classCount/);
  });
});
