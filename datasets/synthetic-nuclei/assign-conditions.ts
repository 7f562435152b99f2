import type { Split } from "../types";
import type { Condition, ConditionWeights } from "./conditions";
import { CONDITIONS } from "./conditions";

/**
 * Gives each image a condition from its split's weights. Within a split, images are taken
 * in `order` (a shuffled order) and each gets the condition furthest behind its share, so
 * every prefix of a split follows the mix as closely as whole images allow: a 12-image split
 * with a 10 % share still gets one such image instead of none or three by chance.
 * Returns condition by index.
 */
export function assignConditions(
  order: readonly number[],
  splits: ReadonlyMap<number, Split>,
  mix: Readonly<Record<Split, ConditionWeights>>,
): Map<number, Condition> {
  const seen: Record<Split, number> = { train: 0, public_test: 0, private_test: 0, validation: 0 };
  const assigned: Record<Split, Record<Condition, number>> = {
    train: { fluorescence: 0, brightfield: 0, histology: 0 },
    public_test: { fluorescence: 0, brightfield: 0, histology: 0 },
    private_test: { fluorescence: 0, brightfield: 0, histology: 0 },
    validation: { fluorescence: 0, brightfield: 0, histology: 0 },
  };
  const out = new Map<number, Condition>();
  for (const index of order) {
    const split = splits.get(index) ?? "train";
    const weights = mix[split];
    const total = CONDITIONS.reduce((sum, condition) => sum + weights[condition], 0);
    if (!(total > 0)) throw new RangeError(`condition weights of ${split} must not all be zero`);
    const position = ++seen[split];
    let best: Condition = "fluorescence";
    let bestDeficit = -Infinity;
    for (const condition of CONDITIONS) {
      if (weights[condition] === 0) continue;
      const deficit = (position * weights[condition]) / total - assigned[split][condition];
      if (deficit > bestDeficit + 1e-9) {
        best = condition;
        bestDeficit = deficit;
      }
    }
    assigned[split][best]++;
    out.set(index, best);
  }
  return out;
}
