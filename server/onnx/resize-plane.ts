// Resizing one image plane for classification inputs: area averaging when shrinking (no
// aliasing from skipped pixels), bilinear with half-pixel centres when enlarging (the
// convention of PIL, OpenCV INTER_LINEAR and torch align_corners=False). Separable.

interface AxisWeights {
  /** For each output index: first source index and its weights over consecutive sources. */
  start: Int32Array;
  weights: Float32Array[];
}

function axisWeights(source: number, target: number): AxisWeights {
  const start = new Int32Array(target);
  const weights: Float32Array[] = [];
  const scale = source / target;
  for (let i = 0; i < target; i++) {
    if (scale >= 1) {
      // Output pixel i covers source interval [i·scale, (i+1)·scale).
      const from = i * scale;
      const to = from + scale;
      const first = Math.floor(from);
      const last = Math.min(source - 1, Math.ceil(to) - 1);
      const w = new Float32Array(last - first + 1);
      for (let s = first; s <= last; s++) w[s - first] = (Math.min(to, s + 1) - Math.max(from, s)) / scale;
      start[i] = first;
      weights.push(w);
    } else {
      const centre = Math.min(source - 1, Math.max(0, (i + 0.5) * scale - 0.5));
      const first = Math.min(source - 1, Math.floor(centre));
      const frac = centre - first;
      start[i] = first;
      weights.push(first + 1 < source ? Float32Array.of(1 - frac, frac) : Float32Array.of(1));
    }
  }
  return { start, weights };
}

/** Resizes a row-major width × height plane to targetWidth × targetHeight. */
export function resizePlane(
  plane: ArrayLike<number>,
  width: number,
  height: number,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  if (plane.length !== width * height) throw new RangeError("plane does not match width × height");
  if (width === targetWidth && height === targetHeight) return Float32Array.from(plane);
  const horizontal = axisWeights(width, targetWidth);
  const vertical = axisWeights(height, targetHeight);
  const rows = new Float32Array(targetWidth * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < targetWidth; x++) {
      const first = horizontal.start[x] ?? 0;
      const w = horizontal.weights[x] ?? new Float32Array();
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += (w[k] ?? 0) * (plane[y * width + first + k] ?? 0);
      rows[y * targetWidth + x] = sum;
    }
  }
  const out = new Float32Array(targetWidth * targetHeight);
  for (let y = 0; y < targetHeight; y++) {
    const first = vertical.start[y] ?? 0;
    const w = vertical.weights[y] ?? new Float32Array();
    for (let x = 0; x < targetWidth; x++) {
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += (w[k] ?? 0) * (rows[(first + k) * targetWidth + x] ?? 0);
      out[y * targetWidth + x] = sum;
    }
  }
  return out;
}
