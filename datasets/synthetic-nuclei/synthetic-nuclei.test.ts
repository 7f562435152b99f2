import { describe, expect, it } from "vitest";
import { toDsbTruthCsv } from "../dsb-format";
import { decodePngToGrey } from "../png";
import type { GeneratedItem } from "../types";
import { DEFAULT_SIZES, syntheticNuclei } from "./index";

/** Raw bytes of a typed array: comparing these is far faster than element-wise toEqual. */
const bytes = (view: ArrayBufferView | undefined): Buffer =>
  view ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : Buffer.alloc(0);

const startedAt = performance.now();
const dataset = syntheticNuclei.generate({ seed: 2018 });
const generationMs = performance.now() - startedAt;

/** Number of 4-connected components of one label. */
function componentsOf(item: GeneratedItem, label: number): number {
  const { width, labels } = item;
  const seen = new Uint8Array(labels.length);
  let components = 0;
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== label || seen[start]) continue;
    components++;
    const stack = [start];
    seen[start] = 1;
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      const x = p % width;
      for (const q of [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1]) {
        if (q >= 0 && q < labels.length && labels[q] === label && !seen[q]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return components;
}

describe("syntheticNuclei", () => {
  it("should generate 36 images well within a few seconds", () => {
    expect(dataset.items).toHaveLength(36);
    expect(generationMs).toBeLessThan(5000);
    expect(dataset).toMatchObject({ generatorId: "synthetic-nuclei", generatorVersion: syntheticNuclei.version, seed: 2018 });
  });

  it("should be byte-identical for the same seed", () => {
    const again = syntheticNuclei.generate({ seed: 2018 });
    expect(again.items.map((i) => i.imageId)).toEqual(dataset.items.map((i) => i.imageId));
    again.items.forEach((item, index) => {
      const original = dataset.items[index];
      expect(bytes(item.png).equals(bytes(original?.png))).toBe(true);
      expect(bytes(item.labels).equals(bytes(original?.labels))).toBe(true);
      expect(item.split).toBe(original?.split);
      expect(item.metadata).toEqual(original?.metadata);
    });
    expect(toDsbTruthCsv(again.items)).toBe(toDsbTruthCsv(dataset.items));
  });

  it("should differ for another seed", () => {
    const other = syntheticNuclei.generate({ seed: 2019 });
    const ids = new Set(dataset.items.map((i) => i.imageId));
    expect(other.items.some((i) => ids.has(i.imageId))).toBe(false);
    const samePixels = other.items.filter((item, index) =>
      bytes(item.png).equals(bytes(dataset.items[index]?.png)),
    );
    expect(samePixels).toHaveLength(0);
    expect(toDsbTruthCsv(other.items)).not.toBe(toDsbTruthCsv(dataset.items));
  });

  it("should give unique 64-hex ids and keep an image's nuclei when only the count changes", () => {
    const ids = dataset.items.map((i) => i.imageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    // Image i depends on (seed, i) only, so a smaller dataset is a prefix of a larger one.
    const small = syntheticNuclei.generate({ seed: 2018, count: 4, brightfieldFraction: 0 });
    const first = dataset.items.find((i) => i.imageId === small.items[0]?.imageId);
    expect(first).toBeDefined();
    expect(bytes(first?.labels).equals(bytes(small.items[0]?.labels))).toBe(true);
  });

  it("should label 5–30 non-empty, 4-connected nuclei numbered 1..n that match the metadata", () => {
    for (const item of dataset.items) {
      expect(item.labels).toHaveLength(item.width * item.height);
      expect(item.objectCount).toBe(item.metadata.nuclei);
      expect(item.objectCount).toBeGreaterThanOrEqual(5);
      expect(item.objectCount).toBeLessThanOrEqual(30);
      const areas = new Map<number, number>();
      for (const l of item.labels) if (l !== 0) areas.set(l, (areas.get(l) ?? 0) + 1);
      expect([...areas.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: item.objectCount }, (_, i) => i + 1));
      for (const [label, area] of areas) {
        expect(area).toBeGreaterThanOrEqual(15);
        // Radius ≤ 14 px with a little boundary noise: far below a 30 px disc.
        expect(area).toBeLessThan(Math.PI * 30 * 30);
        expect(componentsOf(item, label)).toBe(1);
      }
    }
  });

  it("should make some nuclei touch (neighbouring pixels with different labels)", () => {
    let touchingPairs = 0;
    for (const item of dataset.items) {
      for (let p = 0; p < item.labels.length; p++) {
        const a = item.labels[p] ?? 0;
        const right = (p + 1) % item.width === 0 ? 0 : (item.labels[p + 1] ?? 0);
        if (a !== 0 && right !== 0 && right !== a) touchingPairs++;
      }
    }
    expect(touchingPairs).toBeGreaterThan(50);
  });

  it("should vary sizes (including non-square), modality and density, and spread them over the splits", () => {
    const sizes = new Set(dataset.items.map((i) => `${i.width}x${i.height}`));
    expect(sizes.size).toBeGreaterThanOrEqual(3);
    expect([...sizes].some((s) => s.split("x")[0] !== s.split("x")[1])).toBe(true);
    for (const s of sizes) expect(DEFAULT_SIZES.map((d) => `${d.width}x${d.height}`)).toContain(s);

    const bySplit = (split: string) => dataset.items.filter((i) => i.split === split);
    for (const split of ["train", "public_test", "private_test"]) {
      expect(bySplit(split)).toHaveLength(12);
      expect(bySplit(split).some((i) => i.metadata.modality === "brightfield")).toBe(true);
      expect(bySplit(split).some((i) => i.metadata.modality === "fluorescence")).toBe(true);
    }
    expect(dataset.items.filter((i) => i.metadata.modality === "brightfield")).toHaveLength(6);
    expect(new Set(dataset.items.map((i) => i.metadata.density))).toEqual(new Set(["sparse", "dense"]));
  });

  it("should render nuclei bright on dark (fluorescence) and dark on light (brightfield)", () => {
    for (const item of dataset.items) {
      const { grey, width, height } = decodePngToGrey(item.png);
      expect([width, height]).toEqual([item.width, item.height]);
      let inside = 0;
      let outside = 0;
      let nInside = 0;
      item.labels.forEach((label, p) => {
        if (label !== 0) {
          inside += grey[p] ?? 0;
          nInside++;
        } else outside += grey[p] ?? 0;
      });
      const contrast = inside / nInside - outside / (grey.length - nInside);
      if (item.metadata.modality === "fluorescence") expect(contrast).toBeGreaterThan(40);
      else expect(contrast).toBeLessThan(-40);
    }
  });

  it("should honour split fractions, sizes and forced empty images", () => {
    const custom = syntheticNuclei.generate({
      seed: 5,
      count: 10,
      sizes: [{ width: 40, height: 24 }],
      splitFractions: { train: 0.6, public_test: 0.2, private_test: 0.2 },
      emptyImageIndices: [3],
    });
    expect(custom.items.filter((i) => i.split === "train")).toHaveLength(6);
    expect(custom.items.filter((i) => i.split === "public_test")).toHaveLength(2);
    for (const item of custom.items) expect([item.width, item.height]).toEqual([40, 24]);
    const empty = custom.items[3];
    expect(empty?.objectCount).toBe(0);
    expect(empty?.metadata).toMatchObject({ density: "empty", nuclei: 0 });
    expect(empty?.labels.every((l) => l === 0)).toBe(true);
  });

  it("should reject invalid options", () => {
    expect(() => syntheticNuclei.generate({ seed: 1.5 })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, count: -1 })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, sizes: [] })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, nucleiPerImage: { min: 9, max: 3 } })).toThrow();
    expect(() =>
      syntheticNuclei.generate({ seed: 1, splitFractions: { train: 0, public_test: 0, private_test: 0 } }),
    ).toThrow();
  });
});
