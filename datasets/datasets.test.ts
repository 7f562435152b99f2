import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { baselineSegmentPng } from "./baseline-segmenter";
import { sampleSubmission, toDsbTruthCsv } from "./dsb-format";
import { decodePngToGrey } from "./png";
import { syntheticNuclei } from "./synthetic-nuclei";
import { testImagesZip, trainingZip } from "./zip-export";

const dataset = syntheticNuclei.generate({ seed: 7, count: 12 });

/** Column-major, 1-based RLE back to a row-major mask (independent of the encoder). */
function decodeRle(rle: string, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const t = rle.split(" ").map(Number);
  for (let i = 0; i < t.length; i += 2) {
    for (let p = t[i]! - 1; p < t[i]! - 1 + t[i + 1]!; p++) mask[(p % height) * width + Math.floor(p / height)] = 1;
  }
  return mask;
}

describe("synthetic nuclei", () => {
  it("should be deterministic for a seed and differ between seeds", () => {
    const again = syntheticNuclei.generate({ seed: 7, count: 12 });
    expect(again.items.map((i) => i.imageId)).toEqual(dataset.items.map((i) => i.imageId));
    expect(Buffer.from(again.items[3]!.png).equals(Buffer.from(dataset.items[3]!.png))).toBe(true);
    const other = syntheticNuclei.generate({ seed: 8, count: 12 });
    expect(other.items[0]!.imageId).not.toBe(dataset.items[0]!.imageId);
  });

  it("should produce all three splits and non-overlapping labels matching the object count", () => {
    expect(new Set(dataset.items.map((i) => i.split))).toEqual(new Set(["train", "public_test", "private_test"]));
    for (const item of dataset.items) {
      const present = new Set(Array.from(item.labels).filter((l) => l !== 0));
      expect(present.size).toBe(item.objectCount);
      expect(item.labels.length).toBe(item.width * item.height);
    }
  });

  it("should write a truth CSV whose RLE decodes back to the labels exactly", () => {
    const csv = toDsbTruthCsv(dataset.items);
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe("ImageId,EncodedPixels,Height,Width,Usage");
    const test = dataset.items.filter((i) => i.split !== "train");
    for (const item of test) {
      const mine = rows.filter((r) => r.startsWith(`${item.imageId},`));
      expect(mine.length).toBe(Math.max(1, item.objectCount));
      const usage = item.split === "public_test" ? "Public" : "Private";
      const rebuilt = new Uint8Array(item.width * item.height);
      for (const row of mine) {
        const [, rle, h, w, u] = row.split(",");
        expect([Number(h), Number(w), u]).toEqual([item.height, item.width, usage]);
        const mask = decodeRle(rle!, item.width, item.height);
        // Each object is exactly one label. A plain loop: building arrays of every pixel index
        // for each of hundreds of objects took over 5 s.
        const labels = new Set<number | undefined>();
        for (let i = 0; i < mask.length; i++) {
          if (!mask[i]) continue;
          rebuilt[i] = 1;
          labels.add(item.labels[i]);
        }
        expect(labels.size).toBe(1);
      }
      let mismatches = 0;
      item.labels.forEach((l, i) => {
        if (rebuilt[i] !== (l === 0 ? 0 : 1)) mismatches++;
      });
      expect(mismatches).toBe(0);
    }
  });

  it("should zip training images with one binary mask per nucleus in the DSB layout", () => {
    const files = unzipSync(trainingZip(dataset.items));
    const train = dataset.items.filter((i) => i.split === "train");
    const item = train[0]!;
    expect(files[`stage1_train/${item.imageId}/images/${item.imageId}.png`]).toBeDefined();
    const masks = Object.keys(files).filter((f) => f.startsWith(`stage1_train/${item.imageId}/masks/`));
    expect(masks.length).toBe(item.objectCount);
    const first = decodePngToGrey(files[masks.sort()[0]!]!);
    first.grey.forEach((v, i) => expect(v > 0).toBe(item.labels[i] === 1));
    const test = unzipSync(testImagesZip(dataset.items));
    expect(Object.keys(test).some((f) => f.includes("/masks/"))).toBe(false);
  });

  it("should give a sample submission (classical baseline) that finds most nuclei", () => {
    let found = 0;
    let truth = 0;
    for (const item of dataset.items) {
      const { labels } = baselineSegmentPng(item.png);
      found += new Set(Array.from(labels).filter((l) => l !== 0)).size;
      truth += item.objectCount;
    }
    // Touching nuclei merge under a global threshold, so it finds fewer (about half here), but not far fewer.
    expect(found / truth).toBeGreaterThan(0.35);
    expect(found / truth).toBeLessThan(1.5);
    expect(sampleSubmission(dataset.items).startsWith("ImageId,EncodedPixels\n")).toBe(true);
  });
});
