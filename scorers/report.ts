// Assembling a ScoreReport: the same for every scorer family.
import type { Parsed, ScoreReport, SubsetReport, SubsetUsage } from "./types";

/** A score that does not exist on this truth (e.g. SEG without reference objects). */
export function undefinedScore(scorerId: string): Parsed<never> {
  return { ok: false, error: { message: `${scorerId} is undefined on this test set (see the scorer's README).` } };
}

export function buildReport(
  scorer: { id: string; version: string },
  parts: {
    /** The score over the test rows (never the Validation ones). */
    overall: { score: number; outputs?: Record<string, number> };
    hasUsage: boolean;
    /** The score (and breakdowns) on the Public, Private or Validation subset; null where undefined or empty. */
    subset: (usage: SubsetUsage) => SubsetReport | null;
    params: object;
  } & Pick<ScoreReport, "perItem" | "imageStates" | "perClass" | "perClassValues" | "perThreshold" | "itemMean">,
): ScoreReport {
  const { overall, hasUsage, subset, params, ...breakdowns } = parts;
  const publicPart = hasUsage ? subset("Public") : null;
  const privatePart = hasUsage ? subset("Private") : null;
  const validationPart = hasUsage ? subset("Validation") : null;
  return {
    scorerId: scorer.id,
    scorerVersion: scorer.version,
    score: overall.score,
    public: publicPart?.score ?? null,
    private: privatePart?.score ?? null,
    bySubset: {
      ...(publicPart ? { Public: publicPart } : {}),
      ...(privatePart ? { Private: privatePart } : {}),
      ...(validationPart ? { Validation: validationPart } : {}),
    },
    // Every declared output, the leaderboard's one (always keyed "score") included.
    outputs: { score: overall.score, ...overall.outputs },
    ...breakdowns,
    params: { ...params },
  };
}
