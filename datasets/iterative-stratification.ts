// Iterative stratification of multi-label data (Sechidis, Tsoumakas & Vlahavas, "On the
// stratification of multi-label data", ECML PKDD 2011, Algorithm 1). A split stratified over
// one value per image cannot keep every class's proportions when images carry several
// labels; dealing the rarest label's images first, each to the split that most lacks that
// label, does: a class with a handful of images still lands in every test split.
import { SPLITS, type Split } from "./types";
import type { SplitFractions } from "./assign-splits";
import { createPrng, hashHex, seedFromHex, type Prng } from "./prng";

export interface LabelledKey {
  key: string;
  /** Any labels (class ids, or "cellLine:HeLa" to balance a metadata value as well); repeats count once. */
  labels: ReadonlyArray<string | number>;
}

/** Indices of the maximal values (within floating-point noise). */
function argmaxes(values: readonly number[], among: readonly number[]): number[] {
  let best = -Infinity;
  let out: number[] = [];
  for (const i of among) {
    const v = values[i] ?? -Infinity;
    if (v > best + 1e-9) {
      best = v;
      out = [i];
    } else if (Math.abs(v - best) <= 1e-9) out.push(i);
  }
  return out;
}

/**
 * Splits keys so that each label's images are spread over the splits in the requested
 * proportions as closely as the data allows. Pure and seeded: the same keys, labels, seed
 * and fractions give the same splits, whatever the input order. Splits with fraction 0 get
 * nothing; images without labels fill the splits that are furthest below their size.
 */
export function iterativeStratification(items: readonly LabelledKey[], options: { seed: number; fractions: SplitFractions }): Map<string, Split> {
  const given: Record<Split, number> = { ...options.fractions, validation: options.fractions.validation ?? 0 };
  const total = SPLITS.reduce((sum, split) => sum + given[split], 0);
  if (!(total > 0) || SPLITS.some((split) => !(given[split] >= 0))) throw new RangeError("split fractions must be non-negative and not all zero");
  const ratios = SPLITS.map((split) => given[split] / total);
  const open = SPLITS.map((_, j) => j).filter((j) => (ratios[j] ?? 0) > 0);
  const prng: Prng = createPrng(seedFromHex(hashHex("iterative-stratification", options.seed)));

  // Key order, not input order, decides the outcome.
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const labelsOf = sorted.map((item) => [...new Set(item.labels.map(String))]);
  const examplesOf = new Map<string, number[]>();
  labelsOf.forEach((labels, i) => {
    for (const label of labels) {
      const list = examplesOf.get(label);
      if (list) list.push(i);
      else examplesOf.set(label, [i]);
    }
  });

  // Desired number of images per split (c_j), and per label and split (c_j^i).
  const wanted = ratios.map((r) => r * sorted.length);
  const wantedOf = new Map([...examplesOf].map(([label, list]) => [label, ratios.map((r) => r * list.length)] as const));
  const assigned = new Array<number>(sorted.length).fill(-1);
  const remaining = new Map([...examplesOf].map(([label, list]) => [label, list.length] as const));

  const place = (i: number, j: number) => {
    assigned[i] = j;
    wanted[j] = (wanted[j] ?? 0) - 1;
    for (const label of labelsOf[i] ?? []) {
      const perSplit = wantedOf.get(label);
      if (perSplit) perSplit[j] = (perSplit[j] ?? 0) - 1;
      remaining.set(label, (remaining.get(label) ?? 1) - 1);
    }
  };

  for (;;) {
    // The label with the fewest images still to place; ties broken at random (seeded).
    let fewest = Infinity;
    let rarest: string[] = [];
    for (const label of [...remaining.keys()].sort()) {
      const n = remaining.get(label) ?? 0;
      if (n === 0) continue;
      if (n < fewest) {
        fewest = n;
        rarest = [label];
      } else if (n === fewest) rarest.push(label);
    }
    if (rarest.length === 0) break;
    const label = prng.pick(rarest);
    const perSplit = wantedOf.get(label) ?? [];
    for (const i of prng.shuffle((examplesOf.get(label) ?? []).filter((i) => assigned[i] === -1))) {
      // The split that most lacks this label, then the one most below its size, then chance.
      let candidates = argmaxes(perSplit, open);
      if (candidates.length > 1) candidates = argmaxes(wanted, candidates);
      place(i, prng.pick(candidates));
    }
  }
  for (const i of prng.shuffle(sorted.map((_, i) => i).filter((i) => assigned[i] === -1))) {
    place(i, prng.pick(argmaxes(wanted, open)));
  }
  return new Map(sorted.map((item, i) => [item.key, SPLITS[assigned[i] ?? 0] ?? "train"]));
}
