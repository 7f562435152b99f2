// The one threshold search of the baselines: per class, the probability cut that maximises
// F1 on the training scores. Every distinct score is a candidate (not a grid), and the cut
// sits halfway to the next lower score, so it generalises a little.

/** Probability threshold t (predict when p > t) with the best training F1; 0.5 when the class never occurs. */
export function bestF1Threshold(scores: readonly number[], positives: readonly boolean[], bounds: { min: number; max: number } = { min: 0.02, max: 0.95 }): number {
  const total = positives.filter(Boolean).length;
  if (total === 0) return 0.5;
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  let bestF1 = -1;
  let best = 0.5;
  let truePositives = 0;
  order.forEach((index, rank) => {
    if (positives[index]) truePositives++;
    const f1 = (2 * truePositives) / (rank + 1 + total);
    const next = scores[order[rank + 1] ?? -1];
    const cut = next === undefined ? (scores[index] ?? 0) / 2 : ((scores[index] ?? 0) + next) / 2;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = cut;
    }
  });
  return Math.min(bounds.max, Math.max(bounds.min, best));
}
