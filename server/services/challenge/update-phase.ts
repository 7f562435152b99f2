import type { PhaseDto, UpdatePhaseRequest } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { enqueueBoardStatistics } from "../../queue/scoring-queue";
import { challengeRepository } from "../../repositories/challenge-repository";
import { ladderRepository } from "../../repositories/ladder-repository";
import { canHostChallenge } from "./can-host-challenge";
import { getTestSetReveal } from "./test-set-reveal";
import { toPhaseDto } from "./to-challenge-dto";

/** Hosts change a phase's dates and quotas, whether failed submissions count, and the Ladder. */
export async function updatePhase(input: { user: SessionUser; request: UpdatePhaseRequest }): Promise<PhaseDto> {
  const { phaseId, ...changes } = input.request;
  const challengeId = await challengeRepository.findChallengeIdOfPhase(phaseId);
  if (!challengeId || !(await canHostChallenge(input.user, challengeId))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase among the challenges you host." });
  }
  const challenge = await challengeRepository.findByIdIncludePhases(challengeId);
  const current = challenge?.phases.find((p) => p.id === phaseId);
  if (!current) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase." });
  const startsAt = changes.startsAt ?? current.startsAt;
  const endsAt = changes.endsAt ?? current.endsAt;
  if (startsAt >= endsAt) throw new AppError(AppErrorCode.INVALID_INPUT, { message: "The phase must start before it ends." });
  // A revealed test set (private scores and per-image results are out) cannot be hidden again.
  const now = new Date();
  if (challenge && endsAt > now && endsAt.getTime() !== current.endsAt.getTime()) {
    const reveal = await getTestSetReveal(challenge.datasetId, now);
    if (reveal.revealed) {
      throw new AppError(AppErrorCode.CONFLICT, {
        message: `This challenge's test images were revealed on ${reveal.revealAt?.toISOString()}; a phase on them cannot be reopened or extended.`,
      });
    }
  }
  const updated = await challengeRepository.updatePhase(phaseId, changes);
  if (changes.ladder !== undefined && changes.ladder !== current.ladder) {
    // The shown scores are rebuilt by a worker, replaying the phase's submissions in order.
    await ladderRepository.reset(phaseId);
    await enqueueBoardStatistics(phaseId);
  }
  return toPhaseDto(updated, new Date());
}
