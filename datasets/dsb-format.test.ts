import { describe, expect, it } from "vitest";
import { sampleSubmission, toDsbTruthCsv, toSubmissionCsv } from "./dsb-format";
import { encodeGreyPng } from "./png";
import { syntheticNuclei } from "./synthetic-nuclei";
import type { GeneratedItem } from "./types";

const dataset = syntheticNuclei.generate({ seed: 11, count: 15, emptyImageIndices: [0, 1, 2, 3, 4] });

/** Independent decoder: 1-based "start length" pairs counted down columns, then across. */
function decodeRle(rle: string, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  if (rle === "") return mask;
  const numbers = rle.split(" ").map(Number);
  for (let i = 0; i < numbers.length; i += 2) {
    const start = numbers[i] ?? 0;
    const length = numbers[i + 1] ?? 0;
    for (let k = start - 1; k < start - 1 + length; k++) {
      const x = Math.floor(k / height);
      const y = k % height;
      mask[y * width + x] = 1;
    }
  }
  return mask;
}

function parseCsv(csv: string): { header: string; rows: string[][] } {
  expect(csv.endsWith("\n")).toBe(true);
  const [header = "", ...lines] = csv.slice(0, -1).split("\n");
  return { header, rows: lines.map((line) => line.split(",")) };
}

function craftedItem(imageId: string, split: GeneratedItem["split"], labels: number[], width: number, height: number): GeneratedItem {
  const objectCount = new Set(labels.filter((l) => l !== 0)).size;
  return {
    imageId,
    width,
    height,
    split,
    metadata: { nuclei: objectCount },
    png: encodeGreyPng(new Uint8Array(width * height), width, height),
    labels: Uint16Array.from(labels),
    objectCount,
  };
}

describe("toDsbTruthCsv", () => {
  it("should encode every test object so that it decodes back to the labels exactly", () => {
    const { header, rows } = parseCsv(toDsbTruthCsv(dataset.items));
    expect(header).toBe("ImageId,EncodedPixels,Height,Width,Usage");
    const test = dataset.items.filter((i) => i.split !== "train");
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(test.map((i) => i.imageId)));
    for (const item of test) {
      const mine = rows.filter((r) => r[0] === item.imageId);
      const rebuilt = new Uint16Array(item.width * item.height);
      mine.forEach((row, index) => {
        expect(row).toHaveLength(5);
        expect(row.slice(2)).toEqual([
          String(item.height),
          String(item.width),
          item.split === "public_test" ? "Public" : "Private",
        ]);
        const mask = decodeRle(row[1] ?? "", item.width, item.height);
        let overlaps = 0;
        mask.forEach((inside, p) => {
          if (inside) {
            if (rebuilt[p] !== 0) overlaps++;
            rebuilt[p] = index + 1; // rows are in label order
          }
        });
        expect(overlaps).toBe(0);
      });
      // Byte comparison: element-wise toEqual on ~50k pixels per image is slow.
      expect(Buffer.from(rebuilt.buffer).equals(Buffer.from(item.labels.buffer, item.labels.byteOffset, item.labels.byteLength))).toBe(true);
    }
  });

  it("should write one empty row for a test image without nuclei", () => {
    const emptyTest = dataset.items.filter((i) => i.objectCount === 0 && i.split !== "train");
    expect(emptyTest.length).toBeGreaterThan(0);
    const { rows } = parseCsv(toDsbTruthCsv(dataset.items));
    for (const item of emptyTest) {
      expect(rows.filter((r) => r[0] === item.imageId)).toEqual([
        [item.imageId, "", String(item.height), String(item.width), item.split === "public_test" ? "Public" : "Private"],
      ]);
    }
  });

  it("should count down columns first on a non-square image and order rows by image id", () => {
    // 3 wide × 2 high; label 1 occupies (x=1,y=0),(x=1,y=1),(x=2,y=0); label 2 is (x=0,y=1).
    const labels = [0, 1, 1, 2, 1, 0];
    const items = [
      craftedItem("b", "private_test", labels, 3, 2),
      craftedItem("a", "public_test", [0, 0, 0, 0], 2, 2),
      craftedItem("c", "train", labels, 3, 2),
    ];
    expect(toDsbTruthCsv(items)).toBe(
      ["ImageId,EncodedPixels,Height,Width,Usage", "a,,2,2,Public", "b,3 3,2,3,Private", "b,2 1,2,3,Private", ""].join("\n"),
    );
  });
});

describe("toSubmissionCsv", () => {
  it("should write one row per object, in label order, skipping unused label numbers", () => {
    const csv = toSubmissionCsv([
      { imageId: "img2", labels: Uint16Array.from([7, 0, 0, 7, 3, 0]), width: 2, height: 3 },
      { imageId: "img1", labels: new Uint16Array(6), width: 3, height: 2 },
    ]);
    // img2 is 2 wide × 3 high: label 3 at (0,2) = pixel 3; label 7 at (0,0) and (1,1) = pixels 1 and 5.
    expect(csv).toBe(["ImageId,EncodedPixels", "img1,", "img2,3 1", "img2,1 1 5 1", ""].join("\n"));
  });

  it("should reject labels that do not match the stated size", () => {
    expect(() => toSubmissionCsv([{ imageId: "x", labels: new Uint16Array(5), width: 2, height: 3 }])).toThrow(RangeError);
  });
});

describe("sampleSubmission", () => {
  it("should cover exactly the test images, every row a valid RLE inside the image", () => {
    const { header, rows } = parseCsv(sampleSubmission(dataset.items));
    expect(header).toBe("ImageId,EncodedPixels");
    const test = dataset.items.filter((i) => i.split !== "train");
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(test.map((i) => i.imageId)));
    for (const row of rows) {
      const item = test.find((i) => i.imageId === row[0]);
      const numbers = (row[1] ?? "").split(" ").filter((s) => s !== "").map(Number);
      expect(numbers.length % 2).toBe(0);
      for (let i = 0; i < numbers.length; i += 2) {
        expect(numbers[i]).toBeGreaterThanOrEqual(1);
        expect((numbers[i] ?? 0) + (numbers[i + 1] ?? 0) - 1).toBeLessThanOrEqual((item?.width ?? 0) * (item?.height ?? 0));
      }
    }
    // Forced-empty test images come out of the baseline with nothing found.
    for (const item of test.filter((i) => i.objectCount === 0)) {
      expect(rows.filter((r) => r[0] === item.imageId)).toEqual([[item.imageId, ""]]);
    }
  });
});
