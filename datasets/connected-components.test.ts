import { describe, expect, it } from "vitest";
import { baselineSegment } from "./baseline-segmenter";
import { connectedComponents, growSeeds, relabelSequential } from "./connected-components";

describe("connectedComponents", () => {
  it("should use 4-connectivity (diagonal neighbours are separate objects)", () => {
    const mask = Uint8Array.from([1, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(Array.from(connectedComponents(mask, 3, 3, 0).labels)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 2]);
  });

  it("should drop components below minSize and number the rest without gaps", () => {
    const mask = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0]);
    const { labels, count } = connectedComponents(mask, 4, 3, 2);
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 2, 0]);
  });

  it("should label like the classical baseline segmenter on a thresholded image", () => {
    // Two discs well above Otsu's threshold: both label the same pixels in the same order.
    const width = 40;
    const grey = new Uint8Array(width * width).fill(10);
    for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) if ((x - 10) ** 2 + (y - 12) ** 2 < 30 || (x - 28) ** 2 + (y - 26) ** 2 < 50) grey[y * width + x] = 200;
    const reference = baselineSegment(grey, width, width);
    const mask = reference.map((v) => (v > 0 ? 1 : 0));
    expect(Array.from(connectedComponents(Uint8Array.from(mask), width, width, 10).labels)).toEqual(Array.from(reference));
  });
});

describe("relabelSequential", () => {
  it("should map arbitrary ids to 1..n in order of first appearance", () => {
    expect(relabelSequential([0, 9, 9, 4, 0, 4, 1e9])).toEqual({ labels: Uint16Array.from([0, 1, 1, 2, 0, 2, 3]), count: 3 });
  });
});

describe("growSeeds", () => {
  it("should grow each seed over the mask to its nearest pixels and leave unreached pixels empty", () => {
    const seeds = Uint16Array.from([1, 0, 0, 0, 2, 0, 0]);
    const mask = Uint8Array.from([1, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(growSeeds(seeds, mask, 7))).toEqual([1, 1, 1, 2, 2, 0, 0]);
  });
});
