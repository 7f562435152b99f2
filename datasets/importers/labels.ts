// Instance label images: canonical numbering and connectivity checks.

export const MAX_OBJECTS = 65535;

export type Relabelled = { ok: true; labels: Uint16Array; count: number } | { ok: false; count: number };

/**
 * Renumbers non-zero values to 1..n in order of first appearance (row-major), so labels
 * need not be consecutive or small in the input. Fails when there are more than 65535.
 */
export function relabelByFirstAppearance(values: ArrayLike<number>): Relabelled {
  const labels = new Uint16Array(values.length);
  const mapping = new Map<number, number>();
  let previous = 0;
  let previousLabel = 0;
  for (let p = 0; p < values.length; p++) {
    const value = values[p] ?? 0;
    if (value === 0) continue;
    // Objects are runs of equal values; most pixels repeat the previous one.
    if (value !== previous) {
      let label = mapping.get(value);
      if (label === undefined) {
        label = mapping.size + 1;
        mapping.set(value, label);
      }
      previous = value;
      previousLabel = label;
    }
    labels[p] = previousLabel > MAX_OBJECTS ? 0 : previousLabel;
  }
  if (mapping.size > MAX_OBJECTS) return { ok: false, count: mapping.size };
  return { ok: true, labels, count: mapping.size };
}

/** True when both images partition the same pixels into the same objects, whatever the numbers. */
export function sameSegmentation(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ca = relabelByFirstAppearance(a);
  const cb = relabelByFirstAppearance(b);
  if (!ca.ok || !cb.ok || ca.count !== cb.count) return false;
  for (let p = 0; p < ca.labels.length; p++) if (ca.labels[p] !== cb.labels[p]) return false;
  return true;
}

/** Labels (1..count) made of more than one 8-connected piece, ascending. */
export function fragmentedLabels(labels: Uint16Array, width: number, height: number, count: number): number[] {
  const pieces = new Uint32Array(count + 1);
  const seen = new Uint8Array(labels.length);
  const stack = new Int32Array(labels.length);
  for (let start = 0; start < labels.length; start++) {
    const label = labels[start] ?? 0;
    if (label === 0 || seen[start]) continue;
    pieces[label] = (pieces[label] ?? 0) + 1;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (!seen[q] && labels[q] === label) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
  }
  const fragmented: number[] = [];
  for (let label = 1; label <= count; label++) if ((pieces[label] ?? 0) > 1) fragmented.push(label);
  return fragmented;
}
