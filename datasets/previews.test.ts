import { describe, expect, it } from "vitest";
import { decodePngToRgb, encodeGreyPng } from "./png";
import { cellCompositePng, outlineOverlayPng } from "./previews";

describe("outlineOverlayPng", () => {
  it("should colour object boundaries, tint insides lightly and leave the background alone", () => {
    const width = 5;
    const height = 5;
    const labels = new Uint16Array(25);
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) labels[y * width + x] = 1;
    const { rgb } = decodePngToRgb(outlineOverlayPng(encodeGreyPng(new Uint8Array(25).fill(100), width, height), labels, width, height));
    const at = (x: number, y: number) => Array.from(rgb.slice(3 * (y * width + x), 3 * (y * width + x) + 3));
    expect(at(0, 0)).toEqual([100, 100, 100]);
    expect(at(1, 1)).not.toEqual([100, 100, 100]); // boundary
    const centre = at(2, 2);
    expect(centre).not.toEqual(at(1, 1)); // interior: only tinted
    expect(centre.every((v) => Math.abs(v - 100) < 60)).toBe(true);
  });

  it("should refuse labels of another size than the image", () => {
    expect(() => outlineOverlayPng(encodeGreyPng(new Uint8Array(4), 2, 2), new Uint16Array(9), 3, 3)).toThrow(/2×2/);
  });
});

describe("cellCompositePng", () => {
  it("should put the protein in green, the nucleus in blue and ER in red + green", () => {
    const channel = (value: number) => encodeGreyPng(new Uint8Array(4).fill(value), 2, 2);
    const { png } = cellCompositePng({ red: channel(0), green: channel(200), blue: channel(50), yellow: channel(100) });
    expect(Array.from(decodePngToRgb(png).rgb.slice(0, 3))).toEqual([50, 250, 50]);
  });
});
