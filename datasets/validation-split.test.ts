// Validation images: in the hidden truth with Usage "Validation", in the test archive (they
// are predicted) with validation.csv naming them, in the sample submission, and counted
// apart from the test images. Datasets without them come out exactly as before.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { scoreText } from "../scorers/run";
import { segmentationStats, classificationStats } from "./dataset-stats";
import { sampleSubmission, toDsbTruthCsv } from "./dsb-format";
import { hpaSampleSubmission, hpaTestImagesZip, toHpaTruthCsv } from "./hpa-format";
import { syntheticNuclei } from "./synthetic-nuclei";
import { syntheticProtein } from "./synthetic-protein";
import { testImagesZip } from "./zip-export";

const fractions = { train: 0.4, public_test: 0.2, private_test: 0.2, validation: 0.2 };
const idsOf = (items: ReadonlyArray<{ imageId: string }>) => items.map((i) => i.imageId).sort();
const csvIds = (csv: string) => [...new Set(csv.trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]))].sort();

describe("validation split, DSB layout", () => {
  const dataset = syntheticNuclei.generate({ seed: 5, count: 10, sizes: [{ width: 32, height: 32 }], splitFractions: fractions });
  const validation = dataset.items.filter((i) => i.split === "validation");
  const predicted = dataset.items.filter((i) => i.split !== "train");

  it("should deal the requested share of images into the validation split", () => {
    expect(validation).toHaveLength(2);
  });

  it("should put validation images in the truth CSV with Usage Validation", () => {
    const rows = toDsbTruthCsv(dataset.items).trimEnd().split("\n").slice(1).map((line) => line.split(","));
    const usageOf = new Map(rows.map((r) => [r[0], r[4]]));
    for (const item of validation) expect(usageOf.get(item.imageId)).toBe("Validation");
    expect([...usageOf.values()].filter((u) => u === "Validation")).toHaveLength(2);
    expect(new Set(usageOf.values())).toEqual(new Set(["Public", "Private", "Validation"]));
  });

  it("should put validation images into test.zip with validation.csv listing them, and into the sample submission", () => {
    const files = unzipSync(testImagesZip(dataset.items));
    for (const item of predicted) expect(files[`stage1_test/${item.imageId}/images/${item.imageId}.png`]).toBeDefined();
    expect(strFromU8(files["validation.csv"] ?? new Uint8Array())).toBe(["ImageId", ...idsOf(validation)].join("\n") + "\n");
    expect(csvIds(sampleSubmission(dataset.items))).toEqual(idsOf(predicted));
  });

  it("should give the sample submission a per-image score on the validation images, outside the test score", () => {
    const report = scoreText("dsb2018-map", toDsbTruthCsv(dataset.items), sampleSubmission(dataset.items));
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.bySubset?.Validation?.score).toBeTypeOf("number");
    expect(report.value.perItem?.filter((i) => i.usage === "Validation").map((i) => i.id).sort()).toEqual(idsOf(validation));
  });

  it("should count validation images apart from test images", () => {
    const stats = segmentationStats(dataset.items, ["condition"]);
    expect(stats.images).toEqual({ train: 4, test: 4, validation: 2 });
    const rows = stats.byCondition?.rows ?? [];
    expect(rows.reduce((sum, row) => sum + row.validation, 0)).toBe(2);
    expect(rows.reduce((sum, row) => sum + row.test, 0)).toBe(4);
  });

  it("should leave datasets without validation images as they were: same splits, no validation.csv", () => {
    const plain = syntheticNuclei.generate({ seed: 5, count: 10, sizes: [{ width: 32, height: 32 }] });
    const zero = syntheticNuclei.generate({ seed: 5, count: 10, sizes: [{ width: 32, height: 32 }], splitFractions: { train: 1 / 3, public_test: 1 / 3, private_test: 1 / 3, validation: 0 } });
    expect(zero.items.map((i) => i.split)).toEqual(plain.items.map((i) => i.split));
    expect(plain.items.some((i) => i.split === "validation")).toBe(false);
    expect(Object.keys(unzipSync(testImagesZip(plain.items)))).not.toContain("validation.csv");
    expect(segmentationStats(plain.items, []).images.validation).toBe(0);
  });
});

describe("validation split, HPA layout", () => {
  const dataset = syntheticProtein.generate({ seed: 9, count: 10, size: 32, splitFractions: fractions });
  const validation = dataset.items.filter((i) => i.split === "validation");
  const predicted = dataset.items.filter((i) => i.split !== "train");

  it("should put validation images in the truth (Usage Validation), test.zip with validation.csv, and the sample submission", () => {
    expect(validation).toHaveLength(2);
    const truth = toHpaTruthCsv(dataset.items).trimEnd().split("\n").slice(1).map((line) => line.split(","));
    expect(truth.filter((r) => r[2] === "Validation").map((r) => r[0]).sort()).toEqual(idsOf(validation));
    const files = unzipSync(hpaTestImagesZip(dataset.items));
    for (const item of predicted) expect(files[`test/${item.imageId}_green.png`]).toBeDefined();
    expect(strFromU8(files["validation.csv"] ?? new Uint8Array())).toBe(["Id", ...idsOf(validation)].join("\n") + "\n");
    expect(csvIds(hpaSampleSubmission(dataset.items))).toEqual(idsOf(predicted));
    expect(classificationStats(dataset.items, [], []).images).toEqual({ train: 4, test: 4, validation: 2 });
  });

  it("should score the sample submission with a Validation subset apart from the test score", () => {
    const report = scoreText("hpa-macro-f1", toHpaTruthCsv(dataset.items), hpaSampleSubmission(dataset.items));
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.bySubset?.Validation?.perClass).toHaveLength(28);
  });
});
