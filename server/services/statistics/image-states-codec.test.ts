import { describe, expect, it } from "vitest";
import { decodeImageIndex, decodeImageStates, encodeImageStates } from "./image-states-codec";

describe("image states codec", () => {
  const states = {
    fields: ["tp", "fp", "fn"],
    items: [
      { id: "a", usage: "Public" as const, state: [3, 1, 0] },
      { id: "b", usage: "Private" as const, state: [0.5, 0, 4] },
      { id: "c", usage: null, state: [0, 0, 1e-300] },
    ],
  };

  it("should round-trip the fields, the image list and every value exactly", () => {
    const encoded = encodeImageStates(states);
    const decoded = decodeImageStates(encoded.states);
    expect(decoded.fields).toEqual(["tp", "fp", "fn"]);
    expect(decoded.images).toBe(3);
    expect(decoded.indexDigest).toBe(encoded.indexDigest);
    expect([...decoded.values]).toEqual([3, 1, 0, 0.5, 0, 4, 0, 0, 1e-300]);
    expect(decodeImageIndex(encoded.index)).toEqual({ ids: ["a", "b", "c"], usages: ["Public", "Private", null] });
  });

  it("should give the same image-list digest for the same images and another one for a different order", () => {
    const again = encodeImageStates({ ...states, fields: ["x", "y", "z"] });
    expect(again.indexDigest).toBe(encodeImageStates(states).indexDigest);
    const reordered = encodeImageStates({ ...states, items: [...states.items].reverse() });
    expect(reordered.indexDigest).not.toBe(again.indexDigest);
  });

  it("should refuse states of the wrong length, non-finite values and blobs that are not states", () => {
    expect(() => encodeImageStates({ fields: ["a", "b"], items: [{ id: "x", usage: null, state: [1] }] })).toThrow(/image x has 1 values for 2 fields/);
    expect(() => encodeImageStates({ fields: ["a"], items: [{ id: "x", usage: null, state: [Number.NaN] }] })).toThrow(/non-finite value for a/);
    expect(() => decodeImageStates(encodeImageStates(states).index)).toThrow(/bad magic/);
  });
});
