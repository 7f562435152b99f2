import { describe, expect, it } from "vitest";
import { decodePngToGrey, encodeGreyPng, encodeMaskPng, encodeRgbPng } from "./png";

describe("png", () => {
  it("should round-trip a non-square grey image exactly", () => {
    const width = 5;
    const height = 3;
    const grey = Uint8Array.from({ length: width * height }, (_, i) => i * 17);
    const decoded = decodePngToGrey(encodeGreyPng(grey, width, height));
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect(Array.from(decoded.grey)).toEqual(Array.from(grey));
  });

  it("should write an 8-bit greyscale PNG (colour type 0) and an RGB one (colour type 2)", () => {
    // IHDR: bytes 24 and 25 are bit depth and colour type.
    const grey = encodeGreyPng(new Uint8Array(4), 2, 2);
    const rgb = encodeRgbPng(new Uint8Array(12), 2, 2);
    expect([grey[24], grey[25]]).toEqual([8, 0]);
    expect([rgb[24], rgb[25]]).toEqual([8, 2]);
  });

  it("should reduce RGB to Rec. 601 luma", () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const { grey } = decodePngToGrey(encodeRgbPng(rgb, 4, 1));
    expect(Array.from(grey)).toEqual([76, 150, 29, 18]);
  });

  it("should encode a binary mask with 255 inside the label", () => {
    const labels = Uint16Array.from([0, 1, 2, 1, 0, 2]);
    const { grey } = decodePngToGrey(encodeMaskPng(labels, 3, 2, 2));
    expect(Array.from(grey)).toEqual([0, 0, 255, 0, 0, 255]);
  });

  it("should reject buffers that do not match the size", () => {
    expect(() => encodeGreyPng(new Uint8Array(5), 2, 2)).toThrow(RangeError);
    expect(() => encodeRgbPng(new Uint8Array(4), 2, 2)).toThrow(RangeError);
  });
});
