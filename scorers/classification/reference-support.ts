// Test support for the classification metrics: independent O(n²) references and a seeded
// generator. Only tests import this.

export function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Pairwise definition: P(score_pos > score_neg) + ½ P(tie). */
export function referenceAuc(scores: number[], positive: number[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (!positive[i]) return;
    scores.forEach((sn, j) => {
      if (positive[j]) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

/** scikit-learn's precision_recall_curve + step integration, written out threshold by threshold. */
export function referenceAp(scores: number[], positive: number[]): number | null {
  const total = positive.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let ap = 0;
  let previousRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let predicted = 0;
    scores.forEach((s, i) => {
      if (s >= t) {
        predicted++;
        tp += positive[i]!;
      }
    });
    const recall = tp / total;
    ap += (recall - previousRecall) * (tp / predicted);
    previousRecall = recall;
  }
  return ap;
}

export const csv = (header: string, rows: string[]) => [header, ...rows, ""].join("\n");

/** Random single-label cases: true and predicted class per row (half of the predictions right), and their CSVs. */
export function* randomSingleLabelCases(seed: number, count: number) {
  const rand = lcg(seed);
  for (let trial = 0; trial < count; trial++) {
    const n = 1 + Math.floor(rand() * 20);
    const k = 2 + Math.floor(rand() * 5);
    const truth = Array.from({ length: n }, () => Math.floor(rand() * k));
    const predicted = truth.map((v) => (rand() < 0.5 ? v : Math.floor(rand() * k)));
    yield {
      classes: k,
      truth,
      predicted,
      truthCsv: csv("Id,Target", truth.map((v, i) => `id${i},${v}`)),
      submissionCsv: csv("Id,Predicted", predicted.map((v, i) => `id${i},${v}`)),
    };
  }
}
