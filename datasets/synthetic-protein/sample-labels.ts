// Which localisation classes an image shows. Frequencies follow the HPA 2018 training set,
// flattened a little so that a few hundred images still contain the rare classes.
import type { Prng } from "../prng";

/**
 * Images per class in the Kaggle HPA 2018 train.csv (31,072 images), the usual published
 * counts. Classes the generator cannot draw convincingly are left out (see NOT_PRODUCED).
 */
const HPA_TRAIN_COUNTS: ReadonlyArray<readonly [classId: number, images: number]> = [
  [0, 12885],
  [1, 1254],
  [2, 3621],
  [3, 1561],
  [4, 1858],
  [5, 2513],
  [6, 1008],
  [7, 2822],
  [8, 53],
  [9, 45],
  [10, 28],
  [11, 1093],
  [12, 688],
  [13, 537],
  [14, 1066],
  [19, 1482],
  [20, 172],
  [21, 3777],
  [22, 802],
  [23, 2965],
  [24, 322],
  [25, 8228],
  [26, 328],
  [27, 11],
];

/**
 * Never drawn: microtubule ends (15), cytokinetic bridge (16) and mitotic spindle (17) need
 * dividing cells, and the microtubule organizing center (18) would look exactly like the
 * centrosome (19).
 */
export const NOT_PRODUCED = [15, 16, 17, 18] as const;

export const PRODUCED_CLASSES: readonly number[] = HPA_TRAIN_COUNTS.map(([classId]) => classId);

// count^0.7 keeps the order and most of the imbalance (Nucleoplasm is still ~140× as likely
// as Rods & rings instead of ~1,200×).
const FLATTENING = 0.7;

export const LABEL_WEIGHTS: ReadonlyMap<number, number> = new Map(
  HPA_TRAIN_COUNTS.map(([classId, images]) => [classId, images ** FLATTENING]),
);

/** P(1 label) = 0.55, P(2) = 0.35, P(3) = 0.10: HPA has 1–2 labels on most images. */
function labelCount(prng: Prng): number {
  const u = prng.next();
  return u < 0.55 ? 1 : u < 0.9 ? 2 : 3;
}

/** 1–3 distinct classes, drawn by weight without replacement; sorted ascending. */
export function sampleLabels(prng: Prng): number[] {
  const remaining = new Map(LABEL_WEIGHTS);
  const labels: number[] = [];
  for (let k = labelCount(prng); k > 0; k--) {
    let total = 0;
    for (const weight of remaining.values()) total += weight;
    let u = prng.next() * total;
    let chosen = -1;
    for (const [classId, weight] of remaining) {
      chosen = classId;
      u -= weight;
      if (u < 0) break;
    }
    remaining.delete(chosen);
    labels.push(chosen);
  }
  return labels.sort((a, b) => a - b);
}
