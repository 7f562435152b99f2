// The scoring job's side: which module scores a submission whose challenge names a custom
// scorer, and what its declaration says a valid score is.
import { ZCustomScorerDeclarationSchema, type CustomScorerDeclaration } from "../../../scorers/custom/declaration";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { parseCustomMetricId } from "./custom-metric-id";

export type ResolvedScorer = { custom: false } | { custom: true; moduleKey: string; declaration: CustomScorerDeclaration } | { custom: true; missing: string };

export async function resolveScorerForSubmission(submissionId: string, metricId: string): Promise<ResolvedScorer> {
  const named = parseCustomMetricId(metricId);
  if (!named) return { custom: false };
  const row = await customScorerRepository.findBySubmissionAndVersion(submissionId, named.scorerId, named.version);
  const declaration = row ? ZCustomScorerDeclarationSchema.safeParse(row.declaration) : null;
  if (!row || !declaration?.success) return { custom: true, missing: `custom scorer ${metricId} is not stored for this challenge` };
  return { custom: true, moduleKey: row.moduleKey, declaration: declaration.data };
}

/** A live scorer's score outside its declared range (or not a number): the problem, or null. */
export function scoreOutOfRange(report: Record<string, unknown>, declaration: CustomScorerDeclaration): string | null {
  const range = declaration.outputs[0]?.range;
  if (!range) return null;
  for (const key of ["score", "public", "private"] as const) {
    const value = report[key];
    if (value === null && key !== "score") continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < range[0] || value > range[1]) {
      return `the custom scorer returned ${key} ${String(value)}, outside its declared range [${range[0]}, ${range[1]}]`;
    }
  }
  return null;
}
