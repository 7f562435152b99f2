// Makes a custom scorer version that passed its trial the challenge's metric: the challenge's
// metricId becomes custom:<scorerId>@<version> and its metricParams the version's parameters.
// Submissions scored before keep their scores (each records its scorer and version); hosts
// re-score them to put the whole board on the new scorer.
import { ZCustomScorerDeclarationSchema } from "../../../scorers/custom/declaration";
import type { SessionUser } from "../../contracts/common";
import type { CustomScorerVersionDto } from "../../contracts/custom-scorer";
import { AppError, AppErrorCode } from "../../errors";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { customMetricId } from "./custom-metric-id";
import { findHostedChallengeForScorer } from "./find-hosted-challenge-for-scorer";
import { toCustomScorerVersionDto } from "./to-custom-scorer-dto";

export async function setChallengeScorer(input: { user: SessionUser; challengeSlug: string; customScorerVersionId: string }): Promise<CustomScorerVersionDto> {
  const challenge = await findHostedChallengeForScorer(input.user, input.challengeSlug);
  const version = await customScorerRepository.findById(input.customScorerVersionId);
  if (!version || version.challengeId !== challenge.id) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such custom scorer for this challenge." });
  }
  // Leaderboards, the Ladder and submission views still take the direction from the built-in
  // registry (higher is better for any id it does not know): a lower-is-better custom scorer
  // would rank the wrong way, so it is refused until they ask this service.
  const declaration = ZCustomScorerDeclarationSchema.parse(version.declaration);
  if (declaration.outputs[0]?.higherIsBetter === false) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: "Lower-is-better custom scorers cannot be made live yet: leaderboards rank custom scores higher-is-better." });
  }
  const metricId = customMetricId(version.scorerId, version.version);
  await customScorerRepository.setChallengeMetric(challenge.id, metricId, (version.params ?? {}) as Record<string, unknown>);
  return toCustomScorerVersionDto(version, metricId);
}
