import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { scoreText } from "../scorers/run";
import {
  formatLabels,
  hpaMetadataCsv,
  hpaSampleSubmission,
  hpaTestImagesZip,
  hpaTrainingZip,
  toHpaSubmissionCsv,
  toHpaTruthCsv,
  trainingLabelsCsv,
} from "./hpa-format";
import { syntheticProtein } from "./synthetic-protein";
import type { CellImageItem } from "./types";
import { HPA_CHANNELS } from "./types";

const dataset = syntheticProtein.generate({ seed: 31, count: 16, size: 32 });
const train = dataset.items.filter((i) => i.split === "train");
const test = dataset.items.filter((i) => i.split !== "train");
const sortedIds = (items: readonly CellImageItem[]) => items.map((i) => i.imageId).sort();

/** Rows of a simple CSV (no quoted fields), header first. */
const rows = (csv: string) => csv.trimEnd().split("\n").map((line) => line.split(","));

describe("toHpaTruthCsv", () => {
  it("should list the test items only, sorted by Id, with Target and Usage", () => {
    const [header, ...body] = rows(toHpaTruthCsv(dataset.items));
    expect(header).toEqual(["Id", "Target", "Usage"]);
    expect(body.map((r) => r[0])).toEqual(sortedIds(test));
    for (const [id, target, usage] of body) {
      const item = test.find((i) => i.imageId === id);
      expect(target).toBe(item?.labels.join(" "));
      expect(usage).toBe(item?.split === "public_test" ? "Public" : "Private");
    }
    expect(new Set(body.map((r) => r[2]))).toEqual(new Set(["Public", "Private"]));
  });

  it("should score a perfect submission 1 and the sample submission low, without rejection", () => {
    const truth = toHpaTruthCsv(dataset.items);
    const perfect = scoreText("hpa-macro-f1", truth, toHpaSubmissionCsv(test.map((i) => ({ id: i.imageId, labels: i.labels }))));
    expect(perfect.ok).toBe(true);
    // Classes absent from the test set count as F1 = 0, so "perfect" is the share of present classes.
    const present = new Set(test.flatMap((i) => i.labels)).size;
    if (perfect.ok) expect(perfect.value.score).toBeCloseTo(present / 28, 10);

    const sample = scoreText("hpa-macro-f1", truth, hpaSampleSubmission(dataset.items));
    expect(sample.ok).toBe(true);
    if (sample.ok) expect(sample.value.score).toBeLessThan(0.05);
  });
});

describe("hpaSampleSubmission / toHpaSubmissionCsv", () => {
  it("should predict 0 for every test item, sorted by Id", () => {
    const [header, ...body] = rows(hpaSampleSubmission(dataset.items));
    expect(header).toEqual(["Id", "Predicted"]);
    expect(body.map((r) => r[0])).toEqual(sortedIds(test));
    for (const row of body) expect(row[1]).toBe("0");
  });

  it("should write labels as distinct ascending numbers and allow empty predictions", () => {
    expect(formatLabels([25, 0, 25, 7])).toBe("0 7 25");
    expect(toHpaSubmissionCsv([{ id: "b", labels: [] }, { id: "a", labels: [3, 1] }])).toBe("Id,Predicted\na,1 3\nb,\n");
  });
});

describe("trainingLabelsCsv", () => {
  it("should hold the train items only", () => {
    const [header, ...body] = rows(trainingLabelsCsv(dataset.items));
    expect(header).toEqual(["Id", "Target"]);
    expect(body.map((r) => r[0])).toEqual(sortedIds(train));
  });
});

describe("hpaMetadataCsv", () => {
  it("should quote fields that need it and leave missing values blank", () => {
    const withMetadata = (item: CellImageItem | undefined, metadata: CellImageItem["metadata"]): CellImageItem => {
      if (!item) throw new Error("dataset too small");
      return { ...item, metadata };
    };
    const item = withMetadata(dataset.items[0], { cellLine: 'odd, "name"' });
    const other = withMetadata(dataset.items[1], { cells: 3 });
    expect(hpaMetadataCsv([item, other])).toBe(`Id,cellLine,cells\n${item.imageId},"odd, ""name""",\n${other.imageId},,3\n`);
  });
});

describe("hpaTrainingZip", () => {
  const files = unzipSync(hpaTrainingZip(dataset.items));

  it("should hold the four channels of every train image, train.csv and metadata.csv", () => {
    const expected = ["train.csv", "metadata.csv"];
    for (const item of train) for (const c of HPA_CHANNELS) expected.push(`train/${item.imageId}_${c}.png`);
    expect(Object.keys(files).sort()).toEqual(expected.sort());
    for (const item of train) {
      for (const c of HPA_CHANNELS) expect(Buffer.from(files[`train/${item.imageId}_${c}.png`] ?? []).equals(Buffer.from(item.channels[c]))).toBe(true);
    }
    expect(strFromU8(files["train.csv"] ?? new Uint8Array())).toBe(trainingLabelsCsv(train));
    expect(strFromU8(files["metadata.csv"] ?? new Uint8Array()).split("\n")[0]).toBe("Id,cellLine,cells");
  });

  it("should be byte-identical for the same input", () => {
    expect(Buffer.from(hpaTrainingZip(dataset.items)).equals(Buffer.from(hpaTrainingZip([...dataset.items].reverse())))).toBe(true);
  });
});

describe("hpaTestImagesZip", () => {
  const files = unzipSync(hpaTestImagesZip(dataset.items));

  it("should hold the test images and allowlisted metadata, and no labels or splits", () => {
    const expected = ["metadata.csv"];
    for (const item of test) for (const c of HPA_CHANNELS) expected.push(`test/${item.imageId}_${c}.png`);
    expect(Object.keys(files).sort()).toEqual(expected.sort());
    const metadata = strFromU8(files["metadata.csv"] ?? new Uint8Array());
    const [header, ...body] = rows(metadata);
    expect(header).toEqual(["Id", "cellLine"]);
    expect(body.map((r) => r[0])).toEqual(sortedIds(test));
    expect(metadata).not.toMatch(/Public|Private|Target|Usage|split/i);
    // No train image leaks in.
    for (const item of train) expect(Object.keys(files).some((f) => f.includes(item.imageId))).toBe(false);
  });

  it("should include only the metadata columns asked for", () => {
    const withCells = unzipSync(hpaTestImagesZip(dataset.items, ["cells"]));
    expect(strFromU8(withCells["metadata.csv"] ?? new Uint8Array()).split("\n")[0]).toBe("Id,cells");
  });

  it("should be byte-identical for the same input", () => {
    expect(Buffer.from(hpaTestImagesZip(dataset.items)).equals(Buffer.from(hpaTestImagesZip(dataset.items)))).toBe(true);
  });
});
