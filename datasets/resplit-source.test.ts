import { describe, expect, it } from "vitest";
import { decodeLabelImage, encodeLabelImage, parseResplitSource, serializeResplitSource } from "./resplit-source";

describe("resplit source", () => {
  it("should round-trip label images, large labels included", () => {
    const labels = Uint16Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 0 : (i * 257) % 65536));
    expect([...(decodeLabelImage(encodeLabelImage(labels), 300) ?? [])]).toEqual([...labels]);
  });

  it("should refuse a label image of another size or that is not one", () => {
    const text = encodeLabelImage(new Uint16Array(12));
    expect(decodeLabelImage(text, 13)).toBeNull();
    expect(decodeLabelImage("not base64 zlib", 12)).toBeNull();
  });

  it("should round-trip the items and refuse anything else", () => {
    const source = { version: 1 as const, items: [{ imageId: "a", ignored: false, labels: [0, 3] }, { imageId: "b", ignored: true, labelImage: "x", objectCount: 2, maskNames: ["m1.png", "m2.png"], original: { key: "k", extension: "tif" } }] };
    expect(parseResplitSource(serializeResplitSource(source))).toEqual(source);
    expect(parseResplitSource(new TextEncoder().encode('{"version":2,"items":[]}'))).toBeNull();
    expect(parseResplitSource(new TextEncoder().encode("{"))).toBeNull();
  });
});
