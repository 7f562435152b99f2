import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodePngToGrey } from "../png";
import { memorySource } from "./file-source";
import { importInstanceLabels } from "./import-instance-labels";
import { grey16, png8, rawTiff } from "../../tests/support/importer-fixtures";

const W = 6;
const H = 4;
// Three objects with large, non-consecutive labels; first appearance order is 1000, 300, 65000.
// prettier-ignore
const LABELS = [
  1000, 1000, 0,   300,   300, 0,
  1000, 1000, 0,   300,   300, 0,
  0,    0,    0,   0,     0,   0,
  0,    65000, 65000, 65000, 0, 0,
];
const EXPECTED = LABELS.map((v) => ({ 0: 0, 1000: 1, 300: 2, 65000: 3 })[v] ?? -1);
const image = (): Promise<Uint8Array> => png8(Array.from({ length: W * H }, (_, i) => i * 10), W, H);

async function problemsOf(files: Record<string, Uint8Array | string>): Promise<string[]> {
  const result = await importInstanceLabels(memorySource(files));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe("importInstanceLabels", () => {
  it("should read 16-bit TIFF labels above 255 and renumber them by first appearance", async () => {
    const deepImage = Array.from({ length: W * H }, (_, i) => 2000 + i * 1000);
    const clean = await importInstanceLabels(
      memorySource({ "data/a1.tif": await grey16(deepImage, W, H, "tiff"), "data/a1_masks.tif": await grey16(LABELS, W, H, "tiff") }),
    );
    expect(clean.ok ? clean.warnings : clean.problems).toEqual([]);
    if (!clean.ok) return;
    const [item] = clean.value.items;
    expect([item?.imageId, item?.objectCount, item?.source]).toEqual(["a1", 3, "data/a1.tif"]);
    expect([...(item?.labels ?? [])]).toEqual(EXPECTED);
    const grey = decodePngToGrey(item?.png ?? new Uint8Array()).grey;
    expect([grey[0], grey[W * H - 1]]).toEqual([0, 255]);
  });

  it("should read 8-bit PNG labels and 32-bit integer TIFF labels", async () => {
    const small = LABELS.map((v) => ({ 1000: 7, 300: 3, 65000: 200 })[v] ?? 0);
    const big = LABELS.map((v) => (v === 0 ? 0 : v + 100_000));
    const result = await importInstanceLabels(
      memorySource({
        "p.png": await image(),
        "p_masks.png": await png8(small, W, H),
        "q.png": await image(),
        "q_masks.tif": rawTiff(Uint32Array.from(big), W, H),
        "r.png": await image(),
        "r_masks.tif": rawTiff(Float32Array.from(LABELS), W, H), // integral floats are fine
      }),
    );
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    if (!result.ok) return;
    for (const item of result.value.items) expect([...item.labels]).toEqual(EXPECTED);
  });

  it("should pair StarDist images/ and masks/ folders and ignore Cellpose outputs", async () => {
    const result = await importInstanceLabels(
      memorySource({
        "train/images/s1.tif": await grey16(Array(W * H).fill(5), W, H, "tiff"),
        "train/masks/s1.tif": await grey16(LABELS, W, H, "tiff"),
        "train/images/s1_flows.tif": await image(),
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items.map((i) => [i.imageId, i.objectCount])).toEqual([["s1", 3]]);
    expect(result.warnings.map((w) => w.message)).toEqual(["ignored 1 file(s) that are not images or label images: train/images/s1_flows.tif"]);
    // A constant 16-bit image has no range to stretch: it becomes black, not an error.
    expect(new Set(decodePngToGrey(result.value.items[0]?.png ?? new Uint8Array()).grey)).toEqual(new Set([0]));
  });

  it("should report images without masks, masks without images, size mismatches and unreadable files at once", async () => {
    const messages = await problemsOf({
      "a.png": await image(),
      "b_masks.png": await png8(LABELS.map((v) => (v ? 1 : 0)), W, H),
      "c.png": await image(),
      "c_masks.png": await png8(Array(W * 2).fill(1), W, 2),
      "d.png": await image(),
      "d_masks.tif": "garbage",
    });
    expect(messages).toEqual([
      "a.png: image without mask: expected a_masks.png next to it (or masks/a.png beside images/) (image a)",
      "b_masks.png: mask without image b",
      "c_masks.png: mask is 6×2 but the image (c.png) is 6×4 (image c)",
      expect.stringMatching(/^d_masks\.tif: cannot decode image \(.+\) \(image d\)$/),
    ]);
  });

  it("should reject fractional, negative and multi-colour label images", async () => {
    const fractional = Float32Array.from(LABELS, (v, i) => (i === 4 ? 1.5 : v));
    const negative = Int32Array.from(LABELS, (v, i) => (i === 7 ? -2 : v));
    const colour = LABELS.flatMap((v) => [v ? 1 : 0, v ? 2 : 0, 0]);
    expect(
      await problemsOf({
        "f.png": await image(),
        "f_masks.tif": rawTiff(fractional, W, H),
        "n.png": await image(),
        "n_masks.tif": rawTiff(negative, W, H),
        "c.png": await image(),
        "c_masks.png": await png8(colour, W, H, 3),
      }),
    ).toEqual([
      "c_masks.png: mask has 3 differing colour channels; expected one channel of integer labels (image c)",
      "f_masks.tif: mask value 1.5 at x=4, y=0 is not a non-negative integer; labels must be integers (image f)",
      "n_masks.tif: mask value -2 at x=1, y=1 is not a non-negative integer; labels must be integers (image n)",
    ]);
  });

  it("should accept signed 16-bit labels with a warning, since libvips hides negative values", async () => {
    const result = await importInstanceLabels(memorySource({ "i.png": await image(), "i_masks.tif": rawTiff(Int16Array.from(LABELS, (v) => v % 30000), W, H) }));
    expect(result.ok && [...(result.value.items[0]?.labels ?? [])]).toEqual(EXPECTED);
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual([
      "i_masks.tif: signed label image: negative values, if any, read as background; prefer unsigned 16-bit (image i)",
    ]);
  });

  it("should reject more than 65535 objects", async () => {
    const size = 257;
    const many = Uint32Array.from({ length: size * size }, (_, i) => i + 1); // 66049 labels
    const blank = await sharp({ create: { width: size, height: size, channels: 3, background: "#000" } }).png().toBuffer();
    expect(await problemsOf({ "m.png": new Uint8Array(blank), "m_masks.tif": rawTiff(many, size, size) })).toEqual([
      "m_masks.tif: mask has 66049 objects; at most 65535 are supported (image m)",
    ]);
  });

  it("should reject ids with whitespace or commas and duplicate ids", async () => {
    const mask = await png8(LABELS.map((v) => (v ? 1 : 0)), W, H);
    expect(
      await problemsOf({ "x/a b.png": await image(), "x/a b_masks.png": mask, "x/k.png": await image(), "x/k_masks.png": mask, "y/k.png": await image(), "y/k_masks.png": mask }),
    ).toEqual([
      'x/a b.png: image name "a b" contains whitespace, a comma, a quote or a semicolon; it becomes the ImageId in CSV files',
      "y/k.png: duplicate ImageId: image k is also x/k.png",
    ]);
  });

  it("should warn about a label made of disconnected pieces but keep it as one object", async () => {
    const split = LABELS.map((v, i) => (i === W * H - 1 ? 300 : v)); // a lone 300 pixel in the corner
    const result = await importInstanceLabels(memorySource({ "s.png": await image(), "s_masks.tif": await grey16(split, W, H, "tiff") }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items[0]?.objectCount).toBe(3);
    expect(result.warnings.map((w) => w.message)).toEqual([
      "s_masks.tif: 1 object(s) made of several disconnected pieces (labels 2 after renumbering); kept as one object each (image s)",
    ]);
  });
});
