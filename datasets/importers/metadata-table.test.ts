import { describe, expect, it } from "vitest";
import { memorySource } from "./file-source";
import { importDsb } from "./import-dsb";
import { maskPng, png8 } from "../../tests/support/importer-fixtures";

const W = 4;
const H = 3;

async function dataset(ids: string[]): Promise<Record<string, Uint8Array | string>> {
  const files: Record<string, Uint8Array | string> = {};
  for (const id of ids) {
    files[`${id}/images/${id}.png`] = await png8(Array(W * H).fill(9), W, H);
    files[`${id}/masks/1.png`] = await maskPng(W, H, (x) => x === 0);
  }
  return files;
}

describe("metadata CSV", () => {
  it("should attach columns, turning all-numeric columns into numbers and keeping the rest as text", async () => {
    const files = await dataset(["a", "b"]);
    files["meta/metadata.csv"] = 'ImageId,Width,Height,well,dose,note\na,4,3,007,0.5,"x, y"\nb,4,3,012,,plain\n';
    const result = await importDsb(memorySource(files));
    expect(result.ok ? result.warnings : result.problems).toEqual([]);
    expect(result.ok && result.value.items.map((i) => i.metadata)).toEqual([
      { well: "007", dose: 0.5, note: "x, y" },
      { well: "012", note: "plain" },
    ]);
  });

  it("should accept the metadata as bytes or as a path, and warn about images without a row", async () => {
    const files = await dataset(["a", "b"]);
    files["other.csv"] = "Id,site\na,3\n";
    const byPath = await importDsb(memorySource(files), { metadataCsv: "other.csv" });
    const byBytes = await importDsb(memorySource(await dataset(["a", "b"])), { metadataCsv: new TextEncoder().encode("Id,site\na,3\n") });
    for (const result of [byPath, byBytes]) {
      expect(result.ok && result.value.items.map((i) => i.metadata)).toEqual([{ site: 3 }, {}]);
      expect(result.ok && result.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/no metadata row for 1 image\(s\): b$/)]);
    }
    const missing = await importDsb(memorySource(files), { metadataCsv: "nope.csv" });
    expect(!missing.ok && missing.problems.map((p) => p.message)).toEqual(["nope.csv: metadata CSV not found in upload"]);
  });

  it("should report unknown ids, duplicate rows, bad sizes, bad Usage and Usage conflicts, all at once", async () => {
    const files = await dataset(["a", "b", "c"]);
    files["solution.csv"] = "ImageId,EncodedPixels,Height,Width,Usage\nc,1 3,3,4,Public\n";
    delete files["c/masks/1.png"];
    files["metadata.csv"] = "ImageId,Width,Usage\na,4,\nzzz,4,\na,4,\nb,5,Secret\nc,4,Private\n";
    const result = await importDsb(memorySource(files));
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      "metadata.csv:4: duplicate row for image a (first on line 2)",
      'metadata.csv:5: Usage "Secret" must be Public, Private, Validation or Ignored (image b)',
      "metadata.csv:3: unknown ImageId: image zzz is not in the dataset",
      "metadata.csv:5: Width 5 but image b is 4 pixels wide",
      "metadata.csv:6: Usage Private conflicts with Usage Public in solution.csv for image c",
    ]);
  });

  it("should set Usage from the metadata when there is no solution CSV", async () => {
    const files = await dataset(["a", "b"]);
    files["metadata.csv"] = "ImageId,Usage\na,Public\nb,Ignored\n";
    const result = await importDsb(memorySource(files));
    expect(result.ok && result.value.items.map((i) => [i.usage, i.metadata])).toEqual([
      ["Public", {}],
      ["Ignored", {}],
    ]);
  });

  it("should set Usage Validation from the metadata", async () => {
    const files = await dataset(["a", "b", "c"]);
    files["metadata.csv"] = "ImageId,Usage\na,Public\nb,Validation\nc,Private\n";
    const result = await importDsb(memorySource(files));
    expect(result.ok ? result.value.items.map((i) => i.usage) : result.problems).toEqual(["Public", "Validation", "Private"]);
  });
});
