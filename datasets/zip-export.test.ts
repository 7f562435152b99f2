import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodePngToGrey } from "./png";
import { syntheticNuclei } from "./synthetic-nuclei";
import { metadataCsv, testImagesZip, trainingZip, maskFileNames } from "./zip-export";

const dataset = syntheticNuclei.generate({ seed: 23, count: 9 });
const train = dataset.items.filter((i) => i.split === "train");
const test = dataset.items.filter((i) => i.split !== "train");

describe("trainingZip", () => {
  const files = unzipSync(trainingZip(dataset.items));

  it("should hold exactly the train images, their masks and metadata.csv in the DSB layout", () => {
    const expected = ["metadata.csv"];
    for (const item of train) {
      expected.push(`stage1_train/${item.imageId}/images/${item.imageId}.png`);
      for (let n = 1; n <= item.objectCount; n++) expected.push(`stage1_train/${item.imageId}/masks/${n}.png`);
    }
    expect(Object.keys(files).sort()).toEqual(expected.sort());
  });

  it("should store the original image bytes and one 0/255 mask per label", () => {
    for (const item of train) {
      const image = files[`stage1_train/${item.imageId}/images/${item.imageId}.png`];
      expect(Buffer.from(image ?? []).equals(Buffer.from(item.png))).toBe(true);
      const rebuilt = new Uint16Array(item.width * item.height);
      for (let n = 1; n <= item.objectCount; n++) {
        const mask = decodePngToGrey(files[`stage1_train/${item.imageId}/masks/${n}.png`] ?? new Uint8Array());
        expect([mask.width, mask.height]).toEqual([item.width, item.height]);
        // Plain loops: an expect() per pixel would take seconds.
        let notBinary = 0;
        let overlaps = 0;
        mask.grey.forEach((v, p) => {
          if (v !== 0 && v !== 255) notBinary++;
          if (v === 255) {
            if (rebuilt[p] !== 0) overlaps++;
            rebuilt[p] = n;
          }
        });
        expect([notBinary, overlaps]).toEqual([0, 0]);
      }
      expect(Buffer.from(rebuilt.buffer).equals(Buffer.from(item.labels.buffer, item.labels.byteOffset, item.labels.byteLength))).toBe(true);
    }
  });

  it("should list every metadata column for the train images", () => {
    const lines = strFromU8(files["metadata.csv"] ?? new Uint8Array()).trim().split("\n");
    expect(lines[0]).toBe("ImageId,Width,Height,condition,modality,stain,density,nuclei");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(train.map((i) => i.imageId).sort());
    const first = train[0];
    expect(lines).toContain(
      [first?.imageId, first?.width, first?.height, first?.metadata.condition, first?.metadata.modality, first?.metadata.stain, first?.metadata.density, first?.objectCount].join(","),
    );
  });

  it("should be byte-identical when built twice", () => {
    expect(Buffer.from(trainingZip(dataset.items)).equals(Buffer.from(trainingZip(dataset.items)))).toBe(true);
  });
});

describe("testImagesZip", () => {
  const files = unzipSync(testImagesZip(dataset.items));

  it("should hold the test images only, with no masks", () => {
    const expected = ["metadata.csv", ...test.map((i) => `stage1_test/${i.imageId}/images/${i.imageId}.png`)];
    expect(Object.keys(files).sort()).toEqual(expected.sort());
  });

  it("should not reveal truth or which images are public or private", () => {
    const metadata = strFromU8(files["metadata.csv"] ?? new Uint8Array());
    const lines = metadata.trim().split("\n");
    expect(lines[0]).toBe("ImageId,Width,Height,condition,modality,stain");
    expect(metadata).not.toMatch(/nuclei|density|dense|sparse|public|private|train/i);
    // Rows and entries in id order, not grouped by split.
    const ids = lines.slice(1).map((l) => l.split(",")[0] ?? "");
    expect(ids).toEqual([...ids].sort());
    const entries = Object.keys(files).filter((f) => f.startsWith("stage1_test/"));
    expect(entries).toEqual([...entries].sort());
  });
});

describe("metadataCsv", () => {
  it("should quote fields with commas or quotes and leave missing values blank", () => {
    const [item] = dataset.items;
    if (!item) throw new Error("no items");
    const csv = metadataCsv(
      [
        { ...item, imageId: "a", metadata: { note: 'say "hi", twice' } },
        { ...item, imageId: "b", metadata: { other: 3 } },
      ],
      undefined,
    );
    expect(csv).toBe(
      `ImageId,Width,Height,note,other\na,${item.width},${item.height},"say ""hi"", twice",\nb,${item.width},${item.height},,3\n`,
    );
  });
});

describe("maskFileNames", () => {
  it("should keep uploaded mask names as PNG names, and number the masks when names would clash or do not fit", () => {
    expect(maskFileNames({ objectCount: 2, maskNames: ["n-2.tif", "n-10.png"] })).toEqual(["n-2.png", "n-10.png"]);
    expect(maskFileNames({ objectCount: 2, maskNames: ["a.png", "a.tif"] })).toEqual(["1.png", "2.png"]);
    expect(maskFileNames({ objectCount: 3, maskNames: ["a.png", "b.png"] })).toEqual(["1.png", "2.png", "3.png"]);
    expect(maskFileNames({ objectCount: 1 })).toEqual(["1.png"]);
  });
});
