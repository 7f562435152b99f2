import { describe, expect, it } from "vitest";
import { HPA_CLASSES } from "../../scorers/hpa-macro-f1/classes";
import { decodePngToGrey } from "../png";
import { createPrng } from "../prng";
import type { CellImageItem } from "../types";
import { HPA_CHANNELS } from "../types";
import { CELL_LINE_NAMES, NOT_PRODUCED, PRODUCED_CLASSES, hpaStyleId, syntheticProtein } from "./index";
import { EDGE_CONTACT, layoutCells } from "./layout-cells";
import { DRAWABLE_CLASSES } from "./protein-patterns";
import { renderCellChannels } from "./render-channels";
import { sampleLabels } from "./sample-labels";

/** Raw bytes of a typed array: comparing these is far faster than element-wise toEqual. */
const bytes = (view: ArrayBufferView | undefined): Buffer =>
  view ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : Buffer.alloc(0);

const dataset = syntheticProtein.generate({ seed: 2018, count: 120, size: 64 });

const sameImage = (a: CellImageItem | undefined, b: CellImageItem | undefined): boolean =>
  HPA_CHANNELS.every((c) => bytes(a?.channels[c]).equals(bytes(b?.channels[c])));

describe("syntheticProtein", () => {
  // How long generation takes is a benchmark's business (npm run bench), not a test's.
  it("should generate 120 small images", () => {
    expect(dataset.items).toHaveLength(120);
    expect(dataset).toMatchObject({ generatorId: "synthetic-protein", generatorVersion: syntheticProtein.version, seed: 2018 });
  });

  it("should be byte-identical for the same seed", () => {
    const again = syntheticProtein.generate({ seed: 2018, count: 120, size: 64 });
    again.items.forEach((item, index) => {
      const original = dataset.items[index];
      expect(item.imageId).toBe(original?.imageId);
      expect(sameImage(item, original)).toBe(true);
      expect(item.labels).toEqual(original?.labels);
      expect(item.split).toBe(original?.split);
      expect(item.metadata).toEqual(original?.metadata);
    });
  });

  it("should differ for another seed", () => {
    const other = syntheticProtein.generate({ seed: 2019, count: 120, size: 64 });
    const ids = new Set(dataset.items.map((i) => i.imageId));
    expect(other.items.some((i) => ids.has(i.imageId))).toBe(false);
    expect(other.items.filter((item, index) => sameImage(item, dataset.items[index]))).toHaveLength(0);
  });

  it("should give unique HPA-style ids and make an image depend only on its id", () => {
    const ids = dataset.items.map((i) => i.imageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(hpaStyleId("0123456789abcdef".repeat(4))).toBe("01234567-89ab-cdef-0123-456789abcdef");
    // A smaller dataset is a prefix of a larger one (splits aside).
    const small = syntheticProtein.generate({ seed: 2018, count: 3, size: 64 });
    small.items.forEach((item, index) => {
      expect(item.imageId).toBe(dataset.items[index]?.imageId);
      expect(sameImage(item, dataset.items[index])).toBe(true);
      expect(item.labels).toEqual(dataset.items[index]?.labels);
    });
  });

  it("should write four 8-bit grey PNGs of the requested size per image", () => {
    for (const item of dataset.items.slice(0, 10)) {
      expect([item.width, item.height]).toEqual([64, 64]);
      expect(Object.keys(item.channels).sort()).toEqual([...HPA_CHANNELS].sort());
      for (const channel of HPA_CHANNELS) {
        const png = item.channels[channel];
        // Colour type (byte 25 of the IHDR chunk) 0 = greyscale, bit depth (byte 24) 8.
        expect([png[24], png[25]]).toEqual([8, 0]);
        const { width, height, grey } = decodePngToGrey(png);
        expect([width, height]).toEqual([64, 64]);
        expect(Math.max(...grey)).toBeGreaterThan(40);
      }
    }
  });

  it("should give 1–3 sorted, distinct, produced labels and keep labels out of the metadata", () => {
    for (const item of dataset.items) {
      expect(item.labels.length).toBeGreaterThanOrEqual(1);
      expect(item.labels.length).toBeLessThanOrEqual(3);
      expect(item.labels).toEqual([...new Set(item.labels)].sort((a, b) => a - b));
      for (const c of item.labels) expect(PRODUCED_CLASSES).toContain(c);
      expect(Object.keys(item.metadata).sort()).toEqual(["cellLine", "cells"]);
      expect(CELL_LINE_NAMES).toContain(item.metadata.cellLine);
      expect(item.metadata.cells).toBeGreaterThanOrEqual(1);
      expect(item.metadata.cells).toBeLessThanOrEqual(8);
    }
  });

  it("should produce every class except the documented ones, with HPA-like imbalance", () => {
    expect([...DRAWABLE_CLASSES].sort((a, b) => a - b)).toEqual([...PRODUCED_CLASSES].sort((a, b) => a - b));
    const all = new Set([...PRODUCED_CLASSES, ...NOT_PRODUCED]);
    expect(all.size).toBe(HPA_CLASSES.length);

    const prng = createPrng(7);
    const counts = new Array<number>(28).fill(0);
    const sizes = [0, 0, 0, 0];
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const labels = sampleLabels(prng);
      sizes[labels.length] = (sizes[labels.length] ?? 0) + 1;
      for (const c of labels) counts[c] = (counts[c] ?? 0) + 1;
    }
    for (const c of NOT_PRODUCED) expect(counts[c]).toBe(0);
    const share = (c: number) => (counts[c] ?? 0) / draws;
    // Nucleoplasm and Cytosol are the two most common classes, as in HPA.
    const ranked = counts.map((n, c) => [n, c] as const).sort((a, b) => b[0] - a[0]);
    expect(ranked.slice(0, 2).map(([, c]) => c).sort((a, b) => a - b)).toEqual([0, 25]);
    expect(share(0)).toBeGreaterThan(0.22);
    expect(share(27)).toBeLessThan(0.005);
    expect(share(27)).toBeGreaterThan(0);
    expect((sizes[1] ?? 0) / draws).toBeCloseTo(0.55, 1);
  });

  it("should spread classes over the splits with the default 50/25/25 fractions", () => {
    const bySplit = (split: string) => dataset.items.filter((i) => i.split === split);
    expect(bySplit("train")).toHaveLength(60);
    expect(bySplit("public_test")).toHaveLength(30);
    expect(bySplit("private_test")).toHaveLength(30);
    // The rarest classes come first in the split order, so any class with 4+ images
    // reaches every split.
    for (const c of PRODUCED_CLASSES) {
      const withClass = dataset.items.filter((i) => i.labels.includes(c));
      if (withClass.length < 4) continue;
      for (const split of ["train", "public_test", "private_test"]) {
        expect(withClass.some((i) => i.split === split), `class ${c} in ${split}`).toBe(true);
      }
    }
  });

  it("should put the protein only in green: other channels do not depend on the labels", () => {
    // Same pixel stream, different labels: red, blue and yellow must be identical.
    const first = renderWithLabels([0]);
    const second = renderWithLabels([21, 23]);
    for (const channel of ["red", "blue", "yellow"] as const) {
      expect(bytes(first[channel]).equals(bytes(second[channel])), channel).toBe(true);
    }
    expect(bytes(first.green).equals(bytes(second.green))).toBe(false);
  });

  it("should draw nucleoplasm inside and cytosol outside the DAPI nuclei", () => {
    const nuclear = dataset.items.filter((i) => i.labels.length === 1 && i.labels[0] === 0);
    const cytosolic = dataset.items.filter((i) => i.labels.length === 1 && i.labels[0] === 25);
    expect(nuclear.length).toBeGreaterThan(2);
    expect(cytosolic.length).toBeGreaterThan(2);
    for (const item of nuclear) expect(greenNucleusContrast(item)).toBeGreaterThan(3);
    for (const item of cytosolic) expect(greenNucleusContrast(item)).toBeLessThan(1);
  });

  it("should make touching cells in fields of two or more", () => {
    for (let seed = 0; seed < 20; seed++) {
      const field = layoutCells(createPrng(seed), { width: 128, height: 128, cellCount: 4, cellLine: "HeLa" });
      expect(field.cells.length).toBeGreaterThanOrEqual(2);
      expect(field.edge.some((e) => e === EDGE_CONTACT)).toBe(true);
      for (const cell of field.cells) expect(cell.nucleusArea).toBeGreaterThan(30);
    }
  });

  it("should honour options and reject invalid ones", () => {
    const custom = syntheticProtein.generate({
      seed: 5,
      count: 8,
      size: 48,
      splitFractions: { train: 0.5, public_test: 0.5, private_test: 0 },
      cellsPerImage: { min: 2, max: 2 },
      cellLines: ["MCF7"],
    });
    expect(custom.items.filter((i) => i.split === "private_test")).toHaveLength(0);
    expect(custom.items.filter((i) => i.split === "train")).toHaveLength(4);
    for (const item of custom.items) {
      expect(item.width).toBe(48);
      expect(item.metadata).toEqual({ cellLine: "MCF7", cells: 2 });
    }
    expect(() => syntheticProtein.generate({ seed: 1.5 })).toThrow();
    expect(() => syntheticProtein.generate({ seed: 1, size: 16 })).toThrow();
    expect(() => syntheticProtein.generate({ seed: 1, size: 1024 })).toThrow();
    expect(() => syntheticProtein.generate({ seed: 1, cellsPerImage: { min: 5, max: 2 } })).toThrow();
    expect(() => syntheticProtein.generate({ seed: 1, cellLines: [] })).toThrow();
    // Strict: a typo is an error, not silently the default.
    expect(() => syntheticProtein.generate({ seed: 1, ...{ cellsPerImag: { min: 1, max: 2 } } })).toThrow();
  });
});

/** Mean green on DAPI-bright pixels over mean green elsewhere (background subtracted). */
function greenNucleusContrast(item: CellImageItem): number {
  const blue = decodePngToGrey(item.channels.blue).grey;
  const green = decodePngToGrey(item.channels.green).grey;
  const sorted = [...blue].sort((a, b) => a - b);
  const threshold = ((sorted[Math.floor(sorted.length * 0.5)] ?? 0) + (sorted[sorted.length - 1] ?? 0)) / 2;
  const greenFloor = [...green].sort((a, b) => a - b)[Math.floor(green.length * 0.1)] ?? 0;
  let inside = 0;
  let insideCount = 0;
  let outside = 0;
  blue.forEach((b, p) => {
    const g = Math.max(0, (green[p] ?? 0) - greenFloor);
    if (b > threshold) {
      inside += g;
      insideCount++;
    } else outside += g;
  });
  return inside / insideCount / (outside / (blue.length - insideCount));
}

/** Renders one field twice from the same stream, with different labels. */
function renderWithLabels(labels: number[]) {
  const prng = createPrng(99);
  const field = layoutCells(prng, { width: 64, height: 64, cellCount: 4, cellLine: "U-2 OS" });
  return renderCellChannels(prng, field, labels);
}
