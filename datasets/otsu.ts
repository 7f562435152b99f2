// Otsu's threshold, shared by every baseline that splits an 8-bit histogram in two (the
// nuclei segmenter on smoothed grey levels, the protein classifier's nucleus and cell masks).

export interface OtsuResult {
  /** Values > threshold belong to the upper class. */
  threshold: number;
  /** Mean of the upper class minus mean of the lower class (0 when nothing splits). */
  separation: number;
}

/** Otsu's threshold over a 256-bin histogram (counts per grey level). */
export function otsuFromHistogram(histogram: ArrayLike<number>): OtsuResult {
  let total = 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) {
    total += histogram[v] ?? 0;
    sumAll += v * (histogram[v] ?? 0);
  }
  let weightBelow = 0;
  let sumBelow = 0;
  let best: OtsuResult = { threshold: 0, separation: 0 };
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t] ?? 0;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += t * (histogram[t] ?? 0);
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = { threshold: t, separation: meanAbove - meanBelow };
    }
  }
  return best;
}

/** Otsu's threshold of 8-bit pixels. */
export function otsuThreshold(grey: Uint8Array): OtsuResult {
  const histogram = new Float64Array(256);
  for (const v of grey) histogram[v] = (histogram[v] ?? 0) + 1;
  return otsuFromHistogram(histogram);
}
