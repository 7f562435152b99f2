import { describe, expect, it } from "vitest";
import { syntheticNuclei } from "../synthetic-nuclei";
import { trainingZip } from "../zip-export";
import { detectLayout, importAny } from "./detect-layout";
import { memorySource, zipSource } from "./file-source";

const names = (...files: string[]) => memorySource(Object.fromEntries(files.map((f) => [f, ""])));

describe("detectLayout", () => {
  it("should recognize each layout from file names", () => {
    expect(detectLayout(names("stage1_train/abc/images/abc.png", "stage1_train/abc/masks/1.png"))).toBe("dsb");
    expect(detectLayout(names("images/abc.png", "masks/m1.png", "masks/m2.png"))).toBe("dsb");
    expect(detectLayout(names("train/x_red.png", "train/x_green.png", "train.csv"))).toBe("hpa");
    expect(detectLayout(names("a.tif", "a_masks.tif"))).toBe("instance-labels");
    expect(detectLayout(names("train/images/a.tif", "train/masks/a.tif"))).toBe("instance-labels");
    expect(detectLayout(names("readme.txt", "photo.png"))).toBeNull();
  });
});

describe("importAny", () => {
  it("should dispatch to the detected importer", async () => {
    const zip = trainingZip(syntheticNuclei.generate({ seed: 3, count: 3, splitFractions: { train: 1, public_test: 0, private_test: 0 } }).items);
    const result = await importAny(zipSource(zip, "t.zip"));
    expect(result.ok && result.value.kind).toBe("instance_segmentation");
    expect(result.ok && result.value.layout).toBe("dsb");
    expect(result.ok && result.value.items).toHaveLength(3);
  });

  it("should refuse single-label classification for a segmentation layout before decoding anything", async () => {
    const result = await importAny(names("a.tif", "a_masks.tif"), { labels: "single" });
    expect(result.ok ? null : result.problems.map((p) => p.message)).toEqual([
      "upload: single-label classification needs the HPA layout (<Id>_red.png … with an Id,Target CSV); this is the instance-labels layout (instance segmentation)",
    ]);
  });

  it("should explain which layouts it knows when none matches", async () => {
    const result = await importAny(names("notes.txt"));
    expect(!result.ok && result.problems[0]?.message).toMatch(/^upload: no known layout found\. Expected DSB folders/);
  });
});
