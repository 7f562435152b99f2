import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { decodePngToGrey } from "../png";
import { syntheticNuclei } from "../synthetic-nuclei";
import { trainingZip } from "../zip-export";
import { directorySource, memorySource, zipSource } from "./file-source";
import { importDsb } from "./import-dsb";
import { grey16, maskPng, pixelSets, png8 } from "../../tests/support/importer-fixtures";
import type { ImportedSegmentationDataset } from "./types";

const dataset = syntheticNuclei.generate({ seed: 7, count: 12 });
const train = dataset.items.filter((item) => item.split === "train");
const zipBytes = trainingZip(dataset.items);

const temp = mkdtempSync(path.join(tmpdir(), "importers-dsb-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function expectRoundTrip(value: ImportedSegmentationDataset): void {
  expect(value.items.map((item) => item.imageId)).toEqual(train.map((item) => item.imageId).sort());
  for (const item of value.items) {
    const original = train.find((t) => t.imageId === item.imageId);
    expect(original).toBeDefined();
    if (!original) continue;
    expect([item.width, item.height, item.objectCount]).toEqual([original.width, original.height, original.objectCount]);
    expect(pixelSets(item.labels)).toEqual(pixelSets(original.labels));
    expect(item.metadata).toEqual(original.metadata);
    expect(item.usage).toBeNull();
    expect(Buffer.from(item.png).equals(Buffer.from(original.png))).toBe(true);
  }
}

describe("importDsb", () => {
  it("should round-trip the synthetic training zip through zipSource", async () => {
    expect(train.length).toBeGreaterThan(2);
    const result = await importDsb(zipSource(zipBytes, "train.zip"));
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    if (!result.ok) return;
    expectRoundTrip(result.value);
  });

  it("should round-trip the same files extracted to a directory", async () => {
    const root = path.join(temp, "extracted");
    for (const [name, data] of Object.entries(unzipSync(zipBytes))) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), data);
    }
    const result = await importDsb(directorySource(root));
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    if (result.ok) expectRoundTrip(result.value);
  });
});

// 8×6 fixtures: small enough to reason about pixel by pixel.
const W = 8;
const H = 6;
const grey = (): Promise<Uint8Array> => png8(Array.from({ length: W * H }, (_, i) => i * 5), W, H);
const left = (): Promise<Uint8Array> => maskPng(W, H, (x, y) => x < 3 && y < 3);
const right = (): Promise<Uint8Array> => maskPng(W, H, (x, y) => x >= 5 && y >= 2);

/** A valid two-nucleus image folder under stage1_train/. */
async function folder(id: string): Promise<Record<string, Uint8Array>> {
  return {
    [`stage1_train/${id}/images/${id}.png`]: await grey(),
    [`stage1_train/${id}/masks/a.png`]: await left(),
    [`stage1_train/${id}/masks/b.png`]: await right(),
  };
}

/** Kaggle RLE of `inside` (column-major, 1-based), computed independently of rle.ts. */
function rle(inside: (x: number, y: number) => boolean): string {
  const parts: number[] = [];
  let start = 0;
  let length = 0;
  for (let x = 0; x < W; x++) {
    for (let y = 0; y < H; y++) {
      const n = x * H + y + 1;
      if (inside(x, y)) {
        if (length === 0) start = n;
        length++;
      } else if (length > 0) {
        parts.push(start, length);
        length = 0;
      }
    }
  }
  if (length > 0) parts.push(start, length);
  return parts.join(" ");
}
const LEFT_RLE = rle((x, y) => x < 3 && y < 3);
const RIGHT_RLE = rle((x, y) => x >= 5 && y >= 2);

async function problemsOf(files: Record<string, Uint8Array | string>): Promise<string[]> {
  const result = await importDsb(memorySource(files));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe("importDsb validation", () => {
  it("should accept a valid folder and number masks in natural file order", async () => {
    const result = await importDsb(memorySource(await folder("img1")));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [item] = result.value.items;
    expect(item?.objectCount).toBe(2);
    expect(item?.labels[0]).toBe(1);
    expect(item?.labels[(H - 1) * W + W - 1]).toBe(2);
    expect(item?.source).toBe("stage1_train/img1/images/img1.png");
  });

  it("should report an image folder without images/<id>.png", async () => {
    const files = await folder("img1");
    const { ["stage1_train/img1/images/img1.png"]: image, ...rest } = files;
    const messages = await problemsOf({ ...rest, "stage1_train/img1/images/other.png": image ?? "" });
    expect(messages).toEqual([expect.stringMatching(/stage1_train\/img1.*no image stage1_train\/img1\/images\/img1\.png.*found stage1_train\/img1\/images\/other\.png/)]);
  });

  it("should report an image with neither masks nor CSV rows", async () => {
    const messages = await problemsOf({ "stage1_train/img1/images/img1.png": await grey() });
    expect(messages).toEqual(["stage1_train/img1/images/img1.png: no masks: image img1 has no masks/ files and no rows in a solution CSV"]);
  });

  it("should report corrupt image and mask files", async () => {
    const files = { ...(await folder("img1")), ...(await folder("img2")) };
    files["stage1_train/img1/images/img1.png"] = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    files["stage1_train/img2/masks/b.png"] = (files["stage1_train/img2/masks/b.png"] ?? new Uint8Array()).slice(0, 40);
    const messages = await problemsOf(files);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^stage1_train\/img1\/images\/img1\.png: image cannot decode image \(.+\) \(image img1\)$/);
    expect(messages[1]).toMatch(/^stage1_train\/img2\/masks\/b\.png: mask cannot decode image \(.+\) \(image img2\)$/);
  });

  it("should report a mask whose size differs from the image", async () => {
    const files = await folder("img1");
    files["stage1_train/img1/masks/b.png"] = await maskPng(W + 1, H, () => true);
    expect(await problemsOf(files)).toEqual(["stage1_train/img1/masks/b.png: mask is 9×6 but image img1 is 8×6"]);
  });

  it("should report an empty mask", async () => {
    const files = await folder("img1");
    files["stage1_train/img1/masks/c.png"] = await maskPng(W, H, () => false);
    expect(await problemsOf(files)).toEqual(["stage1_train/img1/masks/c.png: mask is empty (no non-zero pixel) (image img1)"]);
  });

  it("should name both files and the pixel count of overlapping masks", async () => {
    const files = await folder("img1");
    files["stage1_train/img1/masks/c.png"] = await maskPng(W, H, (x, y) => x === 2 && y < 2); // 2 pixels inside a.png
    expect(await problemsOf(files)).toEqual([
      "stage1_train/img1/masks/c.png: masks stage1_train/img1/masks/a.png and stage1_train/img1/masks/c.png overlap in 2 pixel(s) (image img1)",
    ]);
  });

  it("should report duplicate ImageIds in different folders", async () => {
    const one = await folder("img1");
    const two = Object.fromEntries(Object.entries(one).map(([k, v]) => [k.replace("stage1_train", "extra"), v]));
    expect(await problemsOf({ ...one, ...two })).toEqual(["stage1_train/img1: duplicate ImageId: image img1 is also in extra/img1/"]);
  });

  it("should import masks from a solution CSV, with Usage, when there are no mask files", async () => {
    const csv = `ImageId,EncodedPixels,Height,Width,Usage\nimg1,${LEFT_RLE},${H},${W},Private\nimg1,${RIGHT_RLE},${H},${W},Private\n`;
    const result = await importDsb(memorySource({ "stage1_test/img1/images/img1.png": await grey(), "stage1_solution.csv": csv }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const withMasks = await importDsb(memorySource(await folder("img1")));
    expect(withMasks.ok && pixelSets(withMasks.value.items[0]?.labels ?? [])).toEqual(pixelSets(result.value.items[0]?.labels ?? []));
    expect(result.value.items[0]?.usage).toBe("Private");
  });

  it("should read Usage Validation from a solution CSV", async () => {
    const csv = `ImageId,EncodedPixels,Height,Width,Usage\nimg1,${LEFT_RLE},${H},${W},Validation\nimg1,${RIGHT_RLE},${H},${W},Validation\n`;
    const result = await importDsb(memorySource({ "stage1_test/img1/images/img1.png": await grey(), "stage1_solution.csv": csv }));
    expect(result.ok ? result.value.items.map((i) => i.usage) : result.problems).toEqual(["Validation"]);
  });

  it("should accept matching masks and CSV rows, and report when they disagree", async () => {
    const agree = `ImageId,EncodedPixels\nimg1,${RIGHT_RLE}\nimg1,${LEFT_RLE}\n`;
    expect((await importDsb(memorySource({ ...(await folder("img1")), "labels.csv": agree }))).ok).toBe(true);
    const disagree = `ImageId,EncodedPixels\nimg1,${LEFT_RLE}\n`;
    expect(await problemsOf({ ...(await folder("img1")), "labels.csv": disagree })).toEqual([
      "labels.csv:2: masks/ and labels.csv disagree for image img1: 2 mask file(s) but 1 CSV row(s)",
    ]);
  });

  it("should report RLE errors with line number and ImageId", async () => {
    const csv = `ImageId,EncodedPixels,Height,Width\nimg1,${LEFT_RLE},${H},${W}\nimg1,5 3 4 1,${H},${W}\n`;
    expect(await problemsOf({ "img1/images/img1.png": await grey(), "other/solution.csv": csv })).toEqual([
      "other/solution.csv:3: EncodedPixels of image img1: run 2 starts at pixel 4, not after the end of the previous run (7); starts must increase and runs must not overlap",
    ]);
  });

  it("should report overlapping RLE rows", async () => {
    const csv = `ImageId,EncodedPixels\nimg1,${LEFT_RLE}\nimg1,1 2\n`;
    expect(await problemsOf({ "img1/images/img1.png": await grey(), "s.csv": csv })).toEqual([
      "s.csv:3: object overlaps the one on line 2 in 2 pixel(s) (image img1)",
    ]);
  });

  it("should report CSV Height/Width that disagree with the image", async () => {
    const csv = `ImageId,EncodedPixels,Height,Width\nimg1,${LEFT_RLE},${W},${H}\n`;
    expect(await problemsOf({ "img1/images/img1.png": await grey(), "s.csv": csv })).toEqual([
      "s.csv:2: Height 8 and Width 6 disagree with image img1/images/img1.png (6 high, 8 wide)",
    ]);
  });

  it("should report CSV rows for an ImageId that has no image", async () => {
    const csv = `ImageId,EncodedPixels,Height,Width\nimg1,${LEFT_RLE},${H},${W}\nghost,1 3,${H},${W}\nghost,9 3,${H},${W}\n`;
    expect(await problemsOf({ "img1/images/img1.png": await grey(), "s.csv": csv })).toEqual([
      "s.csv:3: 2 row(s) for image ghost, which has no <ImageId>/images/ghost.png; images are required",
    ]);
  });

  it("should report every problem at once", async () => {
    const files = { ...(await folder("img1")), ...(await folder("img2")), ...(await folder("img3")) };
    files["stage1_train/img1/masks/b.png"] = await maskPng(W, H, () => false); // empty
    delete files["stage1_train/img2/images/img2.png"]; // no image
    files["stage1_train/img3/masks/c.png"] = await maskPng(4, 4, () => true); // wrong size
    const messages = await problemsOf(files);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/img1\/masks\/b\.png: mask is empty/);
    expect(messages[1]).toMatch(/img2.*no image/);
    expect(messages[2]).toMatch(/img3\/masks\/c\.png: mask is 4×4/);
  });

  it("should normalize an RGBA image to RGB and a 16-bit grey image to 8 bits by its range", async () => {
    const rgba = Array.from({ length: W * H }, (_, i) => [i, 2 * i, 3 * i, 255]).flat();
    const deep = Array.from({ length: W * H }, (_, i) => 1000 + i * 100); // 1000 … 5700
    const files = {
      ...(await folder("rgba")),
      "stage1_train/rgba/images/rgba.png": await png8(rgba, W, H, 4),
      ...(await folder("deep")),
      "stage1_train/deep/images/deep.png": await grey16(deep, W, H, "png"),
    };
    const result = await importDsb(memorySource(files));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [deepItem, rgbaItem] = result.value.items;
    const rgbMeta = await sharp(rgbaItem?.png ?? new Uint8Array()).metadata();
    expect([rgbMeta.channels, rgbMeta.hasAlpha, rgbMeta.depth]).toEqual([3, false, "uchar"]);
    const rgb = await sharp(rgbaItem?.png ?? new Uint8Array()).raw().toBuffer();
    expect([...rgb.subarray(3 * 10, 3 * 11)]).toEqual([10, 20, 30]);
    const deepMeta = await sharp(deepItem?.png ?? new Uint8Array()).metadata();
    expect([deepMeta.channels, deepMeta.depth]).toEqual([1, "uchar"]);
    const decoded = decodePngToGrey(deepItem?.png ?? new Uint8Array());
    expect([decoded.grey[0], decoded.grey[W * H - 1], decoded.grey[(W * H) / 2]]).toEqual([0, 255, Math.round((24 * 255) / 47)]);
  });

  it("should keep a deep image's file and the masks' names, and train.zip should ship them as uploaded", async () => {
    const deep = Array.from({ length: W * H }, (_, i) => 1000 + i * 100);
    const tiff = await grey16(deep, W, H, "tiff");
    const files = {
      "stage1_train/deep/images/deep.tif": tiff,
      "stage1_train/deep/masks/nucleus-10.png": await right(),
      "stage1_train/deep/masks/nucleus-2.png": await left(),
      ...(await folder("flat")),
    };
    const result = await importDsb(memorySource(files));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [deepItem, flatItem] = result.value.items;
    expect(deepItem?.original).toEqual({ extension: "tif", bytes: tiff });
    // Natural order: nucleus-2 is label 1.
    expect(deepItem?.maskNames).toEqual(["nucleus-2.png", "nucleus-10.png"]);
    expect(flatItem?.original).toBeUndefined();
    expect(flatItem?.maskNames).toEqual(["a.png", "b.png"]);

    const zip = unzipSync(trainingZip(result.value.items.map((item) => ({ ...item, split: "train" as const, usage: undefined }))));
    expect(Object.keys(zip).filter((f) => f.startsWith("stage1_train/deep/")).sort()).toEqual([
      "stage1_train/deep/images/deep.tif",
      "stage1_train/deep/masks/nucleus-10.png",
      "stage1_train/deep/masks/nucleus-2.png",
    ]);
    // The uploaded 16-bit file byte for byte, not the stretched 8-bit display image.
    expect(zip["stage1_train/deep/images/deep.tif"]).toEqual(tiff);
    expect((await sharp(zip["stage1_train/deep/images/deep.tif"]!).metadata()).depth).toBe("ushort");
    // The archive imports again into the same labels.
    const again = await importDsb(zipSource(zipSync(zip), "train.zip"));
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    expect([...again.value.items[0]!.labels]).toEqual([...deepItem!.labels]);
    expect(again.value.items[0]!.maskNames).toEqual(["nucleus-2.png", "nucleus-10.png"]);
  });

  it("should import a zip of a single image folder, and of its contents", async () => {
    const files = Object.fromEntries(Object.entries(await folder("img1")).map(([k, v]) => [k.replace("stage1_train/", ""), v]));
    const zip = zipSync(files);
    const result = await importDsb(zipSource(zip, "one.zip"));
    expect(result.ok && result.value.items.map((i) => [i.imageId, i.objectCount, i.source])).toEqual([["img1", 2, "img1/images/img1.png"]]);
    const contents = Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace("img1/", ""), v]));
    const flat = await importDsb(zipSource(zipSync(contents), "contents.zip"));
    expect(flat.ok && flat.value.items.map((i) => [i.imageId, i.objectCount, i.source])).toEqual([["img1", 2, "images/img1.png"]]);
  });

  it("should report progress with increasing counts ending at the total", async () => {
    const calls: Array<[number, number]> = [];
    await importDsb(zipSource(zipBytes, "train.zip"), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(Array.from({ length: train.length + 1 }, (_, i) => [i, train.length]));
  });
});
