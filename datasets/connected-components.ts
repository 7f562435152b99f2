// 4-connected components of a binary mask, with small components dropped, labelled in
// raster order of each component's first pixel: the classical nuclei baseline
// (baseline-segmenter.ts) and the model evaluation loop (server/onnx/run-model.ts) both
// label objects with it.

export interface Components {
  /** Row-major labels 1..count, 0 = background or dropped. */
  labels: Uint16Array;
  count: number;
}

/**
 * Working arrays shared by every call: the functions here are synchronous and hand none of
 * them out, and the evaluation loop calls them once per image (allocating ~1 MB per image
 * and collecting it slowed inference in the session thread).
 */
const scratch = { visited: new Uint8Array(0), stack: new Int32Array(0), component: new Int32Array(0) };

function scratchFor(length: number): typeof scratch {
  if (scratch.stack.length < length) {
    scratch.visited = new Uint8Array(length);
    scratch.stack = new Int32Array(length);
    scratch.component = new Int32Array(length);
  } else {
    scratch.visited.fill(0, 0, length);
  }
  return scratch;
}

/** Labels the 4-connected components of `mask` (non-zero = foreground) with at least `minSize` pixels. */
export function connectedComponents(mask: Uint8Array, width: number, height: number, minSize: number): Components {
  if (mask.length !== width * height) throw new RangeError("mask does not match width × height");
  const labels = new Uint16Array(mask.length);
  // Typed stack and component buffers: a 1 Mpx foreground would make a JS array of numbers
  // grow far beyond what typed arrays need.
  const { visited, stack, component } = scratchFor(mask.length);
  let next = 1;
  let top = 0;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || visited[start] === 1) continue;
    top = 0;
    let size = 0;
    visited[start] = 1;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      component[size++] = p;
      const x = p % width;
      if (p >= width) visit(p - width);
      if (p + width < mask.length) visit(p + width);
      if (x > 0) visit(p - 1);
      if (x < width - 1) visit(p + 1);
    }
    if (size < minSize) continue;
    if (next > 0xffff) throw new RangeError("more than 65535 objects do not fit a Uint16Array");
    for (let i = 0; i < size; i++) labels[component[i] ?? 0] = next;
    next++;
  }
  return { labels, count: next - 1 };

  function visit(q: number): void {
    if (mask[q] !== 0 && visited[q] === 0) {
      visited[q] = 1;
      stack[top++] = q;
    }
  }
}

/**
 * Renumbers arbitrary object ids (0 = background) to 1..n in raster order of first
 * appearance, so model label maps with sparse or negative ids fit the submission format.
 */
export function relabelSequential(ids: ArrayLike<number>, length = ids.length): Components {
  const labels = new Uint16Array(length);
  const mapping = new Map<number, number>();
  for (let p = 0; p < length; p++) {
    const id = ids[p] ?? 0;
    if (id === 0 || Number.isNaN(id)) continue;
    let label = mapping.get(id);
    if (label === undefined) {
      label = mapping.size + 1;
      if (label > 0xffff) throw new RangeError("more than 65535 objects do not fit a Uint16Array");
      mapping.set(id, label);
    }
    labels[p] = label;
  }
  return { labels, count: mapping.size };
}

/**
 * Grows labelled seeds over the rest of a mask (breadth-first, so each pixel joins the
 * nearest seed in 4-connected steps). Mask pixels no seed reaches stay background.
 */
export function growSeeds(seeds: Uint16Array, mask: Uint8Array, width: number): Uint16Array {
  const labels = Uint16Array.from(seeds);
  const queue = scratchFor(labels.length).stack;
  let head = 0;
  let tail = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] !== 0) queue[tail++] = p;
  while (head < tail) {
    const p = queue[head++] ?? 0;
    const label = labels[p] ?? 0;
    const x = p % width;
    if (p >= width) claim(p - width, label);
    if (p + width < labels.length) claim(p + width, label);
    if (x > 0) claim(p - 1, label);
    if (x < width - 1) claim(p + 1, label);
  }
  return labels;

  function claim(q: number, label: number): void {
    if (mask[q] !== 0 && labels[q] === 0) {
      labels[q] = label;
      queue[tail++] = q;
    }
  }
}
