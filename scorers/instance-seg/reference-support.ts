// Test support for the instance-segmentation scorers: an independent, deliberately naive
// reference (dense label images decoded pixel by pixel, brute-force overlap matrices) and
// deterministic random cases. Only tests import this.
import { encodeInstanceRle } from "./rle";

export function decodeDense(rles: string[], height: number, width: number): Int32Array {
  const labels = new Int32Array(height * width);
  rles.forEach((rle, k) => {
    const t = rle.trim() === "" ? [] : rle.trim().split(/\s+/).map(Number);
    for (let i = 0; i < t.length; i += 2) {
      for (let p = t[i]!; p < t[i]! + t[i + 1]!; p++) {
        // pixel p (1-based, column-major) -> row-major index
        const x = Math.floor((p - 1) / height);
        const y = (p - 1) % height;
        labels[y * width + x] = k + 1;
      }
    }
  });
  return labels;
}

export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random non-overlapping rectangles painted into a label image, returned as RLEs. */
export function randomObjects(rand: () => number, height: number, width: number, count: number): string[] {
  const labels = new Uint16Array(height * width);
  let next = 1;
  for (let n = 0; n < count; n++) {
    const w = 1 + Math.floor(rand() * Math.min(8, width));
    const h = 1 + Math.floor(rand() * Math.min(8, height));
    const x0 = Math.floor(rand() * (width - w + 1));
    const y0 = Math.floor(rand() * (height - h + 1));
    let claimed = 0;
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        if (labels[y * width + x] === 0) {
          labels[y * width + x] = next;
          claimed++;
        }
      }
    }
    if (claimed > 0) next++;
  }
  const rles: string[] = [];
  for (let l = 1; l < next; l++) {
    const rle = encodeInstanceRle(labels, width, height, l);
    if (rle) rles.push(rle);
  }
  return rles;
}

const TRUTH_HEADER = "ImageId,EncodedPixels,Height,Width,Usage";

export function truthCsv(images: Array<{ id: string; h: number; w: number; usage: string; objects: string[] }>): string {
  const rows = images.flatMap((im) =>
    (im.objects.length > 0 ? im.objects : [""]).map((rle) => `${im.id},${rle},${im.h},${im.w},${im.usage}`),
  );
  return [TRUTH_HEADER, ...rows, ""].join("\n");
}

export function submissionCsv(images: Array<{ id: string; objects: string[] }>): string {
  const rows = images.flatMap((im) => (im.objects.length > 0 ? im.objects : [""]).map((rle) => `${im.id},${rle}`));
  return ["ImageId,EncodedPixels", ...rows, ""].join("\n");
}


/** Overlap matrix by brute force over dense label images: inter[t][p], areas per label. */
export function denseOverlaps(truth: string[], pred: string[], height: number, width: number) {
  const T = decodeDense(truth, height, width);
  const P = decodeDense(pred, height, width);
  const inter = Array.from({ length: truth.length + 1 }, () => new Array<number>(pred.length + 1).fill(0));
  const areaT = new Array<number>(truth.length + 1).fill(0);
  const areaP = new Array<number>(pred.length + 1).fill(0);
  for (let i = 0; i < T.length; i++) {
    areaT[T[i]!]!++;
    areaP[P[i]!]!++;
    inter[T[i]!]![P[i]!]!++;
  }
  return { inter, areaT, areaP, nT: truth.length, nP: pred.length };
}
