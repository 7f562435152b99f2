import { getScorer } from "../../../scorers";
import type { SessionUser } from "../../contracts/common";
import type { LeaderboardDto } from "../../contracts/leaderboard";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { currentPhase, phaseState } from "../challenge/phase-state";
import { leadHistory, rankLeaderboard } from "./rank-leaderboard";

export async function getLeaderboard(input: {
  slug: string;
  phaseId?: string;
  board: "public" | "private";
  user: SessionUser | null;
}): Promise<LeaderboardDto> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const now = new Date();
  const phase = input.phaseId
    ? challenge.phases.find((p) => p.id === input.phaseId)
    : currentPhase(challenge.phases, now);
  if (!phase) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase." });

  const isHost = await canHostChallenge(input.user, challenge.id);
  const privateAvailable = isHost || phaseState(phase, now) === "closed";
  if (input.board === "private" && !privateAvailable) {
    throw new AppError(AppErrorCode.FORBIDDEN, {
      message: `The private leaderboard is revealed when phase "${phase.name}" ends (${phase.endsAt.toISOString()}).`,
    });
  }
  const higherIsBetter = getScorer(challenge.metricId)?.outputs[0]?.higherIsBetter ?? true;
  const rows = (await submissionRepository.listScoredByPhase(phase.id)).map((r) => ({
    ...r,
    participant: r.user.name,
  }));
  return {
    phaseId: phase.id,
    phaseName: phase.name,
    board: input.board,
    privateAvailable,
    metricId: challenge.metricId,
    higherIsBetter,
    entries: rankLeaderboard(rows, { higherIsBetter, board: input.board }),
    history: leadHistory(rows, higherIsBetter),
  };
}
