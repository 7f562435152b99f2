// How a scoring rule shapes a board beyond its order: the ranked output's label, the further
// output columns with each entry's values, and shared ranks for equal scores.
import type { ScoringRule } from "../../contracts/scoring-rule";
import { builtInRuleMetric } from "../scoring-rule/rule-metrics";

/** An output's label: the built-in scorer's, or the key itself (a custom scorer's labels live with its version). */
export function outputLabel(rule: ScoringRule, key: string): string {
  return builtInRuleMetric(rule.metric.id)?.outputs.find((o) => o.key === key)?.label ?? key;
}

/**
 * An entry's column values from its submission's stored outputs on this board (null where the
 * submission was scored before the column existed, or the output is undefined there).
 */
export function columnValues(stored: unknown, board: "public" | "private", columns: readonly string[]): Record<string, number | null> {
  const values = stored && typeof stored === "object" ? (stored as Record<string, unknown>)[board] : undefined;
  const outputs = values && typeof values === "object" ? (values as Record<string, unknown>) : {};
  return Object.fromEntries(columns.map((key) => [key, typeof outputs[key] === "number" ? outputs[key] : null]));
}

/** Standard competition ranks of a ranked list: equal scores share the better rank (1, 2, 2, 4). */
export function sharedRanks(entries: ReadonlyArray<{ score: number }>): number[] {
  const ranks: number[] = [];
  entries.forEach((entry, i) => ranks.push(i > 0 && entries[i - 1]!.score === entry.score ? ranks[i - 1]! : i + 1));
  return ranks;
}
