// Makes a custom scorer version that passed its trial the challenge's metric: a new version of
// the challenge's scoring rule naming custom:<scorerId>@<version> with the version's
// parameters, ranked by its score in its declared direction (columns it does not have are
// dropped). Submissions scored before keep their scores (each records its rule version);
// the answer offers to re-score them.
import { ZCustomScorerDeclarationSchema } from "../../../scorers/custom/declaration";
import type { SessionUser } from "../../contracts/common";
import type { ScoringRule } from "../../contracts/scoring-rule";
import type { SetChallengeScorerResponse } from "../../contracts/custom-scorer";
import { AppError, AppErrorCode } from "../../errors";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { findRuleChallenge } from "../scoring-rule/hosted-rule";
import { saveScoringRule } from "../scoring-rule/update-scoring-rule";
import { customMetricId } from "./custom-metric-id";
import { toCustomScorerVersionDto } from "./to-custom-scorer-dto";

export async function setChallengeScorer(input: { user: SessionUser; challengeSlug: string; customScorerVersionId: string }): Promise<SetChallengeScorerResponse> {
  const found = await findRuleChallenge(input.user, input.challengeSlug);
  const version = await customScorerRepository.findById(input.customScorerVersionId);
  if (!version || version.challengeId !== found.challenge.id) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such custom scorer for this challenge." });
  }
  const declaration = ZCustomScorerDeclarationSchema.parse(version.declaration);
  const metricId = customMetricId(version.scorerId, version.version);
  const saved = await saveScoringRule(input.user, found, {
    ...found.rule,
    metric: { id: metricId, params: (version.params ?? {}) as ScoringRule["metric"]["params"] },
    ranking: { ...found.rule.ranking, output: "score", direction: declaration.outputs[0]?.higherIsBetter === false ? "lower" : "higher" },
    columns: found.rule.columns.filter((key) => key !== "score" && declaration.outputs.some((o) => o.key === key)),
  });
  return { version: toCustomScorerVersionDto(version, metricId), rule: saved };
}
