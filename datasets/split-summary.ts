// How many images land in each split, overall, per value of one metadata column and per class
// label: what a host checks before committing an import (the preview) or a re-split.
import type { Split } from "./types";

export type SplitCounts = Record<Split, number>;

export interface SplitSummary {
  splits: SplitCounts;
  /** One row per value of the counted column, sorted; null = images without that column. */
  byValue: { value: string | null; counts: SplitCounts }[];
  /** One row per class label seen, ascending (classification data; empty otherwise). */
  byLabel: { label: number; counts: SplitCounts }[];
}

const zero = (): SplitCounts => ({ train: 0, public_test: 0, private_test: 0, validation: 0 });

export function summarizeSplits(items: ReadonlyArray<{ split: Split; value?: string | null; labels?: readonly number[] }>): SplitSummary {
  const splits = zero();
  const byValue = new Map<string | null, SplitCounts>();
  const byLabel = new Map<number, SplitCounts>();
  for (const item of items) {
    splits[item.split]++;
    if (item.value !== undefined) {
      const counts = byValue.get(item.value) ?? zero();
      counts[item.split]++;
      byValue.set(item.value, counts);
    }
    for (const label of new Set(item.labels ?? [])) {
      const counts = byLabel.get(label) ?? zero();
      counts[item.split]++;
      byLabel.set(label, counts);
    }
  }
  // Images without a value last, so the named strata read first.
  const values = [...byValue.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return {
    splits,
    byValue: values.map((value) => ({ value, counts: byValue.get(value) ?? zero() })),
    byLabel: [...byLabel.keys()].sort((a, b) => a - b).map((label) => ({ label, counts: byLabel.get(label) ?? zero() })),
  };
}

