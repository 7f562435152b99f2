import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { toDsbTruthCsv } from "../dsb-format";
import type { GeneratedItem } from "../types";
import { CONDITIONS, CONDITION_PROFILES, DEFAULT_SIZES, syntheticNuclei } from "./index";

/** Raw bytes of a typed array: comparing these is far faster than element-wise toEqual. */
const bytes = (view: ArrayBufferView | undefined): Buffer =>
  view ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : Buffer.alloc(0);

const dataset = syntheticNuclei.generate({ seed: 2018, count: 120 });

const byCondition = (condition: string): GeneratedItem[] =>
  dataset.items.filter((i) => i.metadata.condition === condition);

/** RGBA pixels of any PNG, plus its colour type (0 = grey, 2 = RGB) from the IHDR chunk. */
function decodeRgba(png: Uint8Array): { data: Buffer; colorType: number } {
  const buffer = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  return { data: PNG.sync.read(buffer).data, colorType: buffer[25] ?? -1 };
}

/** Mean R, G, B and luma inside nuclei and in the background. */
function channelMeans(item: GeneratedItem): Record<"inside" | "outside", { r: number; g: number; b: number; luma: number }> {
  const { data } = decodeRgba(item.png);
  const sums = { inside: [0, 0, 0, 0], outside: [0, 0, 0, 0] };
  item.labels.forEach((label, p) => {
    const sum = label === 0 ? sums.outside : sums.inside;
    sum[0] = (sum[0] ?? 0) + (data[p * 4] ?? 0);
    sum[1] = (sum[1] ?? 0) + (data[p * 4 + 1] ?? 0);
    sum[2] = (sum[2] ?? 0) + (data[p * 4 + 2] ?? 0);
    sum[3] = (sum[3] ?? 0) + 1;
  });
  const mean = ([r = 0, g = 0, b = 0, n = 1]: number[]) => ({
    r: r / n,
    g: g / n,
    b: b / n,
    luma: (0.299 * r + 0.587 * g + 0.114 * b) / n,
  });
  return { inside: mean(sums.inside), outside: mean(sums.outside) };
}

/** Number of 4-connected components of every label, in one pass over the image. */
function componentsPerLabel(item: GeneratedItem): Map<number, number> {
  const { width, labels } = item;
  const seen = new Uint8Array(labels.length);
  const components = new Map<number, number>();
  const stack: number[] = [];
  for (let start = 0; start < labels.length; start++) {
    const label = labels[start] ?? 0;
    if (label === 0 || seen[start]) continue;
    components.set(label, (components.get(label) ?? 0) + 1);
    seen[start] = 1;
    stack.push(start);
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

/** Labels that share an edge (4-neighbourhood) with another label. */
function touchingLabels(item: GeneratedItem): Set<number> {
  const { width, labels } = item;
  const touching = new Set<number>();
  for (let p = 0; p < labels.length; p++) {
    const a = labels[p] ?? 0;
    if (a === 0) continue;
    const right = (p + 1) % width === 0 ? 0 : (labels[p + 1] ?? 0);
    const below = labels[p + width] ?? 0;
    for (const b of [right, below]) {
      if (b !== 0 && b !== a) {
        touching.add(a);
        touching.add(b);
      }
    }
  }
  return touching;
}

const share = (items: readonly GeneratedItem[], condition: string): number =>
  items.filter((i) => i.metadata.condition === condition).length / items.length;

describe("syntheticNuclei", () => {
  // How long generation takes is a benchmark's business (npm run bench), not a test's.
  it("should generate 120 DSB-sized images", () => {
    expect(dataset.items).toHaveLength(120);
    expect(dataset).toMatchObject({ generatorId: "synthetic-nuclei", generatorVersion: "2.0.0", seed: 2018 });
    const sizes = new Set(dataset.items.map((i) => `${i.width}x${i.height}`));
    expect(sizes).toEqual(new Set(DEFAULT_SIZES.map((d) => `${d.width}x${d.height}`)));
  });

  it("should be byte-identical for the same seed", () => {
    const first = syntheticNuclei.generate({ seed: 2018, count: 24 });
    const again = syntheticNuclei.generate({ seed: 2018, count: 24 });
    expect(again.items.map((i) => i.imageId)).toEqual(first.items.map((i) => i.imageId));
    expect(new Set(first.items.map((i) => i.metadata.condition)).size).toBe(3);
    again.items.forEach((item, index) => {
      const original = first.items[index];
      expect(bytes(item.png).equals(bytes(original?.png))).toBe(true);
      expect(bytes(item.labels).equals(bytes(original?.labels))).toBe(true);
      expect(item.split).toBe(original?.split);
      expect(item.metadata).toEqual(original?.metadata);
    });
    expect(toDsbTruthCsv(again.items)).toBe(toDsbTruthCsv(first.items));
  });

  it("should differ for another seed", () => {
    const other = syntheticNuclei.generate({ seed: 2019, count: 12 });
    const ids = new Set(dataset.items.map((i) => i.imageId));
    expect(other.items.some((i) => ids.has(i.imageId))).toBe(false);
    const samePixels = other.items.filter((item, index) => bytes(item.png).equals(bytes(dataset.items[index]?.png)));
    expect(samePixels).toHaveLength(0);
  });

  it("should give unique 64-hex ids, and keep an image when only the count changes but not its condition", () => {
    const ids = dataset.items.map((i) => i.imageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    // Pixels depend on (seed, index, condition) only; the mix pins the condition here.
    const allFluorescence = { fluorescence: 1 };
    const conditionMix = { train: allFluorescence, public_test: allFluorescence, private_test: allFluorescence };
    const small = syntheticNuclei.generate({ seed: 2018, count: 3, conditionMix });
    const large = syntheticNuclei.generate({ seed: 2018, count: 6, conditionMix });
    small.items.forEach((item, index) => {
      expect(item.imageId).toBe(ids[index]);
      expect(bytes(item.png).equals(bytes(large.items[index]?.png))).toBe(true);
      expect(bytes(item.labels).equals(bytes(large.items[index]?.labels))).toBe(true);
    });
  });

  it("should label nuclei 1..n, each one 4-connected blob of at least 15 px, matching the metadata", () => {
    for (const item of dataset.items) {
      expect(item.labels).toHaveLength(item.width * item.height);
      expect(item.objectCount).toBe(item.metadata.nuclei);
      expect(item.objectCount).toBeGreaterThanOrEqual(3);
      const areas = new Map<number, number>();
      for (const l of item.labels) if (l !== 0) areas.set(l, (areas.get(l) ?? 0) + 1);
      expect([...areas.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: item.objectCount }, (_, i) => i + 1));
      for (const area of areas.values()) {
        expect(area).toBeGreaterThanOrEqual(15);
        // Semi-major axes stay below 20 px (elongated: 1.3 × 15 px) even with boundary noise.
        expect(area).toBeLessThan(Math.PI * 25 * 25);
      }
      const components = componentsPerLabel(item);
      expect([...components.values()].every((n) => n === 1)).toBe(true);
    }
  });

  it("should describe every image by condition, modality, stain, density and nucleus count", () => {
    for (const item of dataset.items) {
      const { condition, modality, stain, density, nuclei } = item.metadata;
      expect(CONDITIONS).toContain(condition);
      const profile = CONDITION_PROFILES[condition as (typeof CONDITIONS)[number]];
      expect({ modality, stain }).toEqual({ modality: profile.modality, stain: profile.stain });
      expect(["sparse", "medium", "dense", "clustered"]).toContain(density);
      expect(nuclei).toBe(item.objectCount);
    }
    expect(new Set(dataset.items.map((i) => i.metadata.condition))).toEqual(new Set(CONDITIONS));
    expect(new Set(dataset.items.map((i) => i.metadata.density))).toEqual(
      new Set(["sparse", "medium", "dense", "clustered"]),
    );
    expect(new Set(dataset.items.map((i) => i.metadata.stain))).toEqual(new Set(["Hoechst", "none", "H&E"]));
  });

  it("should crowd dense images more than sparse ones, relative to the image area", () => {
    const perMegapixel = (density: string): number => {
      const items = byCondition("fluorescence").filter((i) => i.metadata.density === density);
      const area = items.reduce((sum, i) => sum + i.width * i.height, 0);
      return (items.reduce((sum, i) => sum + i.objectCount, 0) / area) * 1e6;
    };
    expect(perMegapixel("medium")).toBeGreaterThan(1.5 * perMegapixel("sparse"));
    expect(perMegapixel("dense")).toBeGreaterThan(1.5 * perMegapixel("medium"));
  });

  it("should pack clustered images so that most nuclei touch another label", () => {
    const clustered = dataset.items.filter((i) => i.metadata.density === "clustered");
    const sparse = dataset.items.filter((i) => i.metadata.density === "sparse");
    expect(clustered.length).toBeGreaterThan(5);
    const touchingShare = (items: readonly GeneratedItem[]): number =>
      items.reduce((sum, i) => sum + touchingLabels(i).size, 0) / items.reduce((sum, i) => sum + i.objectCount, 0);
    for (const item of clustered) expect(touchingLabels(item).size).toBeGreaterThan(0);
    expect(touchingShare(clustered)).toBeGreaterThan(0.5);
    expect(touchingShare(sparse)).toBeLessThan(0.3);
  });

  it("should draw fluorescence as grey, bright nuclei on a dark background", () => {
    const items = byCondition("fluorescence");
    expect(items.length).toBeGreaterThan(40);
    for (const item of items) {
      const { colorType } = decodeRgba(item.png);
      expect(colorType).toBe(0);
      const { inside, outside } = channelMeans(item);
      expect(outside.luma).toBeLessThan(60);
      expect(inside.luma - outside.luma).toBeGreaterThan(30);
    }
  });

  it("should draw brightfield as RGB with little colour, dark nuclei on a light background", () => {
    const items = byCondition("brightfield");
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      const { colorType } = decodeRgba(item.png);
      expect(colorType).toBe(2);
      const { inside, outside } = channelMeans(item);
      expect(outside.luma).toBeGreaterThan(150);
      expect(inside.luma - outside.luma).toBeLessThan(-40);
      for (const mean of [inside, outside]) {
        expect(Math.max(mean.r, mean.g, mean.b) - Math.min(mean.r, mean.g, mean.b)).toBeLessThan(25);
      }
    }
  });

  it("should draw histology as purple nuclei on pink stroma", () => {
    const items = byCondition("histology");
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      const { colorType } = decodeRgba(item.png);
      expect(colorType).toBe(2);
      const { inside, outside } = channelMeans(item);
      // Eosin absorbs green most: pink, with red above green and blue.
      expect(outside.r - outside.g).toBeGreaterThan(30);
      expect(outside.r).toBeGreaterThan(outside.b);
      expect(inside.luma - outside.luma).toBeLessThan(-40);
      // Hematoxylin absorbs red more than blue: nuclei turn blue-purple against the stroma.
      expect(inside.b / inside.r).toBeGreaterThan((outside.b / outside.r) * 1.1);
      expect(inside.b).toBeGreaterThan(inside.g);
    }
  });

  it("should shift the condition mix in the private test split (DSB stage 2)", () => {
    // Conditions do not depend on image size: tiny images keep this test fast.
    const shifted = syntheticNuclei.generate({ seed: 3, count: 200, sizes: [{ width: 32, height: 32 }] });
    const split = (name: string) => shifted.items.filter((i) => i.split === name);
    const [train, publicTest, privateTest] = [split("train"), split("public_test"), split("private_test")];
    expect(share(train, "fluorescence")).toBeCloseTo(0.7, 1);
    expect(share(train, "histology")).toBeCloseTo(0.1, 1);
    expect(share(publicTest, "histology")).toBeCloseTo(0.1, 1);
    expect(share(privateTest, "histology")).toBeCloseTo(0.4, 1);
    expect(share(privateTest, "fluorescence")).toBeCloseTo(0.35, 1);
    expect(share(privateTest, "histology") - share(train, "histology")).toBeGreaterThan(0.25);
  });

  it("should follow a custom condition mix per split", () => {
    const custom = syntheticNuclei.generate({
      seed: 4,
      count: 12,
      sizes: [{ width: 48, height: 40 }],
      conditionMix: {
        train: { fluorescence: 1 },
        public_test: { brightfield: 1 },
        private_test: { histology: 1, brightfield: 1 },
      },
    });
    const conditionsOf = (name: string) => new Set(custom.items.filter((i) => i.split === name).map((i) => i.metadata.condition));
    expect(conditionsOf("train")).toEqual(new Set(["fluorescence"]));
    expect(conditionsOf("public_test")).toEqual(new Set(["brightfield"]));
    expect(conditionsOf("private_test")).toEqual(new Set(["histology", "brightfield"]));
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

  it("should use one radius range for every condition when radiusRange is given", () => {
    const small = syntheticNuclei.generate({ seed: 6, count: 9, radiusRange: [3, 4] });
    for (const item of small.items) {
      const areas = new Map<number, number>();
      for (const l of item.labels) if (l !== 0) areas.set(l, (areas.get(l) ?? 0) + 1);
      // Elongated nuclei reach 1.3 × 4 px; boundary noise adds a little more.
      for (const area of areas.values()) expect(area).toBeLessThan(Math.PI * 6 * 6);
    }
  });

  it("should reject invalid options", () => {
    expect(() => syntheticNuclei.generate({ seed: 1.5 })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, count: -1 })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, sizes: [] })).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, nucleiPerImage: { min: 9, max: 3 } })).toThrow();
    expect(() =>
      syntheticNuclei.generate({ seed: 1, splitFractions: { train: 0, public_test: 0, private_test: 0 } }),
    ).toThrow();
    expect(() => syntheticNuclei.generate({ seed: 1, conditionMix: { private_test: { histology: 0 } } })).toThrow();
    // @ts-expect-error: an unknown condition is a type error and a runtime error.
    expect(() => syntheticNuclei.generate({ seed: 1, conditionMix: { train: { phase: 1 } } })).toThrow();
    // @ts-expect-error: removed in 2.0.0 (use conditionMix); strict options reject it.
    expect(() => syntheticNuclei.generate({ seed: 1, brightfieldFraction: 0.5 })).toThrow();
  });
});
