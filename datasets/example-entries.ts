// Example leaderboard entries for the demo challenges: the hidden truth, degraded in a seeded,
// condition-dependent way, so a fresh install's boards show close calls (entries the
// statistics cannot tell apart), clear gaps, and an entry that does well on one imaging
// condition and badly on the others (the transfer question). Deterministic: the same items
// and options give the same file.
import { toSubmissionCsv } from "./dsb-format";
import { toHpaSubmissionCsv } from "./hpa-format";
import { createPrng } from "./prng";
import type { CellImageItem, GeneratedItem } from "./types";

export interface ExampleEntry {
  /** The leaderboard name. */
  name: string;
  seed: number;
  /** Per image: the probability that each true object (or label) is missed, from its metadata. */
  missRate: (metadata: Record<string, string | number>) => number;
}

/** DSB-format predictions: every true nucleus, except those dropped at the entry's miss rate. */
export function exampleNucleiSubmission(items: readonly GeneratedItem[], entry: ExampleEntry): string {
  const prng = createPrng(entry.seed);
  const rows = items
    .filter((item) => item.split !== "train")
    .map((item) => {
      const rate = entry.missRate(item.metadata);
      const dropped = new Set<number>();
      for (let label = 1; label <= item.objectCount; label++) if (prng.next() < rate) dropped.add(label);
      const labels = item.labels.map((label) => (dropped.has(label) ? 0 : label));
      return { imageId: item.imageId, labels, width: item.width, height: item.height };
    });
  return toSubmissionCsv(rows);
}

/** HPA-format predictions: each true label missed at the entry's rate, and a wrong one added at half that rate. */
export function exampleProteinSubmission(items: readonly CellImageItem[], entry: ExampleEntry, classes: number): string {
  const prng = createPrng(entry.seed);
  return toHpaSubmissionCsv(
    items
      .filter((item) => item.split !== "train")
      .map((item) => {
        const rate = entry.missRate(item.metadata);
        const labels = item.labels.filter(() => prng.next() >= rate);
        if (prng.next() < rate / 2) labels.push(prng.int(0, classes - 1));
        return { id: item.imageId, labels: [...new Set(labels)].sort((a, b) => a - b) };
      }),
  );
}
