// Run-length geometry shared by the instance-segmentation scorers: objects are lists of
// runs, never bitmaps.

export interface SortedRuns {
  starts: Int32Array;
  ends: Int32Array;
  labels: Int32Array;
}

export function areasOf(objects: readonly Int32Array[]): Float64Array {
  const areas = new Float64Array(objects.length + 1);
  objects.forEach((runs, k) => {
    let area = 0;
    for (let r = 1; r < runs.length; r += 2) area += runs[r] ?? 0;
    areas[k + 1] = area;
  });
  return areas;
}

/** Every run of every object, sorted by start; labels are object index + 1. */
export function sortRuns(objects: readonly Int32Array[]): SortedRuns {
  let count = 0;
  for (const runs of objects) count += runs.length / 2;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const labels = new Int32Array(count);
  let n = 0;
  objects.forEach((runs, k) => {
    for (let r = 0; r < runs.length; r += 2) {
      starts[n] = (runs[r] ?? 1) - 1;
      ends[n] = (runs[r] ?? 1) - 1 + (runs[r + 1] ?? 0);
      labels[n] = k + 1;
      n++;
    }
  });
  const order = sortIndicesByKey(starts);
  const sorted = { starts: new Int32Array(count), ends: new Int32Array(count), labels: new Int32Array(count) };
  for (let k = 0; k < count; k++) {
    const i = order[k] ?? 0;
    sorted.starts[k] = starts[i] ?? 0;
    sorted.ends[k] = ends[i] ?? 0;
    sorted.labels[k] = labels[i] ?? 0;
  }
  return sorted;
}

/**
 * Indices of non-negative int32 keys in ascending order: a stable LSD radix sort, 11 bits a
 * pass (two passes for any image up to 4 megapixels). Comparison sorts were the top cost here.
 */
export function sortIndicesByKey(keys: Int32Array): Uint32Array {
  const n = keys.length;
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, keys[i] ?? 0);
  let spare = new Uint32Array(n);
  const buckets = new Uint32Array(2049);
  for (let shift = 0; shift < 32 && (shift === 0 || max >>> shift > 0); shift += 11) {
    buckets.fill(0);
    for (let i = 0; i < n; i++) buckets[(((keys[index[i] ?? 0] ?? 0) >>> shift) & 2047) + 1]!++;
    for (let b = 1; b <= 2048; b++) buckets[b]! += buckets[b - 1] ?? 0;
    for (let i = 0; i < n; i++) {
      const at = index[i] ?? 0;
      spare[buckets[((keys[at] ?? 0) >>> shift) & 2047]!++] = at;
    }
    [index, spare] = [spare, index];
  }
  return index;
}

/** The first pair of labels whose runs overlap, or null. Runs of one object never overlap. */
export function findOverlap(runs: SortedRuns): [number, number] | null {
  let maxEnd = -1;
  let maxLabel = 0;
  for (let i = 0; i < runs.starts.length; i++) {
    const start = runs.starts[i] ?? 0;
    if (start < maxEnd) return [maxLabel, runs.labels[i] ?? 0];
    const end = runs.ends[i] ?? 0;
    if (end > maxEnd) {
      maxEnd = end;
      maxLabel = runs.labels[i] ?? 0;
    }
  }
  return null;
}

