import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodePngToGrey } from "../png";
import { HPA_CHANNELS } from "../types";
import { memorySource, zipSource } from "./file-source";
import { importHpa } from "./import-hpa";
import { grey16, png8 } from "../../tests/support/importer-fixtures";
import { zipSync } from "fflate";

const W = 16;
const H = 12;
const IDS = ["00070df0-bbc3-11e8-b2bc-ac1f6b6435d0", "000a6c98-bb9b-11e8-b2b9-ac1f6b6435d0", "000a9596-bbc4-11e8-b2bc-ac1f6b6435d0"];

/** Distinct pixels per id and channel, so a mixed-up channel cannot pass. */
const pixels = (idIndex: number, channelIndex: number): number[] =>
  Array.from({ length: W * H }, (_, i) => (i * 3 + idIndex * 50 + channelIndex * 17) % 256);

async function hpaFiles(ids: readonly string[] = IDS): Promise<Record<string, Uint8Array | string>> {
  const files: Record<string, Uint8Array | string> = {};
  for (const [i, id] of ids.entries()) {
    for (const [c, channel] of HPA_CHANNELS.entries()) files[`train/${id}_${channel}.png`] = await png8(pixels(i, c), W, H);
  }
  const targets = ["16 0", "7 1 2 0", "5"];
  files["train.csv"] = `Id,Target\n${ids.map((id, i) => `${id},${targets[i]}\n`).join("")}`;
  return files;
}

async function problemsOf(files: Record<string, Uint8Array | string>): Promise<string[]> {
  const result = await importHpa(memorySource(files));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe("importHpa", () => {
  it("should round-trip three samples with four channels and train.csv", async () => {
    const files = await hpaFiles();
    const result = await importHpa(zipSource(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`hpa/${k}`, typeof v === "string" ? new TextEncoder().encode(v) : v]))), "hpa.zip"));
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.value.items.map((item) => [item.imageId, item.labels, item.width, item.height, item.source])).toEqual([
      [IDS[0], [0, 16], W, H, `hpa/train/${IDS[0]}`],
      [IDS[1], [0, 1, 2, 7], W, H, `hpa/train/${IDS[1]}`],
      [IDS[2], [5], W, H, `hpa/train/${IDS[2]}`],
    ]);
    for (const [i, item] of result.value.items.entries()) {
      for (const [c, channel] of HPA_CHANNELS.entries()) {
        expect([...decodePngToGrey(item.channels[channel]).grey]).toEqual(pixels(i, c));
      }
    }
  });

  it("should report missing channel files, naming them", async () => {
    const files = await hpaFiles();
    delete files[`train/${IDS[1]}_yellow.png`];
    delete files[`train/${IDS[1]}_blue.png`];
    expect(await problemsOf(files)).toEqual([
      `train/${IDS[1]}_red.png: image ${IDS[1]} is missing train/${IDS[1]}_blue, train/${IDS[1]}_yellow`,
    ]);
  });

  it("should report labels that are not class numbers with line and Id", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},16 0\n${IDS[1]},7 -1\n${IDS[2]},1.5\n`;
    expect(await problemsOf(files)).toEqual([
      `train.csv:3: Target "7 -1" of image ${IDS[1]}: "-1" not a class number (an integer from 0 to 9999)`,
      `train.csv:4: Target "1.5" of image ${IDS[2]}: "1.5" not a class number (an integer from 0 to 9999)`,
    ]);
  });

  it("should name HPA's 28 classes when there is no classes.csv and every label fits them", async () => {
    const result = await importHpa(memorySource(await hpaFiles()));
    expect(result.ok && result.value.classes.length).toBe(28);
    expect(result.ok && result.value.classes[0]).toBe("Nucleoplasm");
  });

  it("should take any number of classes from a classes.csv (Label,Name)", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},2 0\n${IDS[1]},1\n${IDS[2]},\n`;
    files["classes.csv"] = "Label,Name\n0,mitochondria\n1,nucleus\n2,\"ER, rough\"\n";
    const result = await importHpa(memorySource(files));
    expect(result.ok ? result.value.classes : result.problems).toEqual(["mitochondria", "nucleus", "ER, rough"]);
  });

  it("should report labels beyond the classes.csv, and a classes.csv with gaps, repeats or blanks, with file and line", async () => {
    const files = await hpaFiles();
    files["classes.csv"] = "Label,Name\n0,a\n1,b\n2,c\n3,d\n4,e\n5,f\n";
    files["train.csv"] = `Id,Target\n${IDS[0]},16 0\n${IDS[1]},1\n${IDS[2]},5\n`;
    expect(await problemsOf(files)).toEqual([`train.csv:2: Target "16 0" of image ${IDS[0]}: 16 not a class of classes.csv (labels 0 to 5)`]);
    files["classes.csv"] = "Label,Name\n0,a\n0,b\n2,a\n3,\nx,y\n";
    expect(await problemsOf(files)).toEqual([
      "classes.csv:3: duplicate Label 0 (first on line 2)",
      'classes.csv:4: duplicate Name "a" (first on line 2)',
      "classes.csv:5: class 3 has no Name",
      'classes.csv:6: Label "x" is not a class number (an integer from 0 to 9999)',
    ]);
    files["classes.csv"] = "Label,Name\n0,a\n3,b\n";
    expect(await problemsOf(files)).toEqual(["classes.csv: labels must run from 0 without gaps; missing 1, 2"]);
  });

  it("should number the classes up to the largest label without a classes.csv, with a warning", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},40 0\n${IDS[1]},1\n${IDS[2]},5\n`;
    const result = await importHpa(memorySource(files));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.classes).toHaveLength(41);
    expect(result.value.classes[40]).toBe("class 40");
    expect(result.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/labels go up to 40, beyond HPA's 28 classes, so the 41 classes are named by number; add a classes.csv/)]);
  });

  it("should import exactly one label per image as single-label when asked, numbering the classes without a classes.csv", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},2\n${IDS[1]},0\n${IDS[2]},3 3\n`;
    const result = await importHpa(memorySource(files), { labels: "single" });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.kind).toBe("singlelabel_classification");
    expect(result.value.items.map((item) => item.labels)).toEqual([[2], [0], [3]]);
    // Not HPA's 28 names: 28 classes for 4 would put 24 empty classes into a macro average.
    expect(result.value.classes).toEqual(["class 0", "class 1", "class 2", "class 3"]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      `train.csv:4: Target "3 3" repeats a label; counted once (image ${IDS[2]})`,
      "no classes CSV (header Label,Name): the 4 classes (labels 0 to 3) are named by number; add a classes.csv to name them",
    ]);
  });

  it("should take a single-label dataset's classes from its classes.csv", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},1\n${IDS[1]},0\n${IDS[2]},1\n`;
    files["classes.csv"] = "Label,Name\n0,mitosis\n1,interphase\n2,apoptosis\n";
    const result = await importHpa(memorySource(files), { labels: "single" });
    expect(result.ok ? [result.value.kind, result.value.classes, result.warnings] : result.problems).toEqual(["singlelabel_classification", ["mitosis", "interphase", "apoptosis"], []]);
  });

  it("should report every single-label row with no label or several, with file, line and image id", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},1 2\n${IDS[1]},\n${IDS[2]},0\n`;
    const result = await importHpa(memorySource(files), { labels: "single" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { file: "train.csv", line: 2, imageId: IDS[0], message: `train.csv:2: image ${IDS[0]} has 2 labels (Target "1 2"); a single-label dataset needs exactly one class per image` },
      { file: "train.csv", line: 3, imageId: IDS[1], message: `train.csv:3: image ${IDS[1]} has no label (empty Target); a single-label dataset needs exactly one class per image` },
    ]);
    // The multi-label warning about an empty Target would only repeat the problem.
    expect(result.warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining("has no labels"));
  });

  it("should refuse a single-label dataset with one class", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},0\n${IDS[1]},0\n${IDS[2]},0\n`;
    const result = await importHpa(memorySource(files), { labels: "single" });
    expect(result.ok ? null : result.problems.map((p) => p.message)).toEqual(["upload: a single-label dataset needs at least two classes; there is only one (label 0)"]);
  });

  it("should keep data with one label per image multi-label by default, with a warning that says how to import it as single-label", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},1\n${IDS[1]},0\n${IDS[2]},1\n`;
    const result = await importHpa(memorySource(files));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.kind).toBe("multilabel_classification");
    expect(result.value.classes).toHaveLength(28);
    expect(result.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/every image has exactly one label: imported as multi-label classification; import it as single-label \(--single-label/)]);
    // Several labels somewhere: no hint.
    const multi = await importHpa(memorySource(await hpaFiles()));
    expect(multi.warnings).toEqual([]);
  });

  it("should report an unreadable channel file", async () => {
    const files = await hpaFiles();
    files[`train/${IDS[0]}_blue.png`] = "not a png";
    expect(await problemsOf(files)).toEqual([
      expect.stringMatching(new RegExp(`^train/${IDS[0]}_blue\\.png: blue channel cannot decode image \\(.+\\) \\(image ${IDS[0]}\\)$`)),
    ]);
  });

  it("should report ids without images, images without rows, duplicates and bad sizes at once", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target\n${IDS[0]},1\n${IDS[0]},2\n${IDS[2]},3\nghost,4\n`;
    files[`train/${IDS[2]}_green.png`] = await png8(pixels(2, 1).slice(0, W * (H - 1)), W, H - 1);
    files[`more/${IDS[0]}_red.png`] = await png8(pixels(0, 0), W, H);
    const messages = await problemsOf(files);
    expect(messages).toEqual([
      `more/${IDS[0]}_*: duplicate Id: image ${IDS[0]} has files at more/${IDS[0]}_* and train/${IDS[0]}_*`,
      `train.csv:3: duplicate Id: image ${IDS[0]} already on train.csv:2`,
      `train/${IDS[1]}_*: image ${IDS[1]} has no row in the labels CSV`,
      `train.csv:5: image ghost has no channel files (ghost_red.png …)`,
      `train/${IDS[2]}_green.png: channel sizes of image ${IDS[2]} disagree: red 16×12, green 16×11, blue 16×12, yellow 16×12`,
    ]);
  });

  it("should take the matching channel of RGB files, (red+green)/2 for yellow, and stretch 16-bit files", async () => {
    const files = await hpaFiles(IDS.slice(0, 1));
    const rgb = Array.from({ length: W * H }, (_, i) => [i % 256, (2 * i) % 256, 7]).flat();
    files[`train/${IDS[0]}_green.png`] = await png8(rgb, W, H, 3);
    files[`train/${IDS[0]}_yellow.png`] = await png8(rgb, W, H, 3);
    files[`train/${IDS[0]}_red.tif`] = await grey16(Array.from({ length: W * H }, (_, i) => 300 + i * 10), W, H, "tiff");
    delete files[`train/${IDS[0]}_red.png`];
    const result = await importHpa(memorySource(files));
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    if (!result.ok) return;
    const channels = result.value.items[0]?.channels;
    const greyOf = (png: Uint8Array | undefined): number[] => [...decodePngToGrey(png ?? new Uint8Array()).grey];
    expect(greyOf(channels?.green)).toEqual(Array.from({ length: W * H }, (_, i) => (2 * i) % 256));
    expect(greyOf(channels?.yellow)).toEqual(Array.from({ length: W * H }, (_, i) => Math.round(((i % 256) + ((2 * i) % 256)) / 2)));
    const red = greyOf(channels?.red);
    expect([red[0], red[W * H - 1]]).toEqual([0, 255]);
    expect((await sharp(channels?.red ?? new Uint8Array()).metadata()).channels).toBe(1);
  });

  it("should read Usage Validation from train.csv", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target,Usage\n${IDS[0]},1,Validation\n${IDS[1]},2,Private\n${IDS[2]},3,Public\n`;
    const result = await importHpa(memorySource(files));
    expect(result.ok ? result.value.items.map((i) => i.usage) : result.problems).toEqual(["Validation", "Private", "Public"]);
  });

  it("should read Usage from train.csv and metadata from metadata.csv", async () => {
    const files = await hpaFiles();
    files["train.csv"] = `Id,Target,Usage\n${IDS[0]},1,Public\n${IDS[1]},2,Private\n${IDS[2]},3,\n`;
    files["metadata.csv"] = `Id,cellLine,plate\n${IDS[0]},A-431,7\n${IDS[1]},U-2 OS,8\n`;
    const result = await importHpa(memorySource(files));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items.map((i) => [i.usage, i.metadata])).toEqual([
      ["Public", { cellLine: "A-431", plate: 7 }],
      ["Private", { cellLine: "U-2 OS", plate: 8 }],
      [null, {}],
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^every image has exactly one label/), `metadata.csv: no metadata row for 1 image(s): ${IDS[2]}`]);
  });
});
