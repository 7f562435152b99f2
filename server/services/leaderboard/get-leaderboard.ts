import { getScorer } from "../../../scorers";
import type { SessionUser } from "../../contracts/common";
import type { LeaderboardDto } from "../../contracts/leaderboard";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { currentPhase } from "../challenge/phase-state";
import { revealMessage } from "../challenge/test-set-reveal";
import { audienceFor } from "../disclosure/audience";
import { DISCLOSURE_POLICY } from "../disclosure/disclose-report";
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

  // Private scores describe the private test images: they wait for every phase (of any
  // challenge) on this test set, not just this one.
  const { audience, reveal } = await audienceFor(input.user, challenge, now);
  const privateAvailable = DISCLOSURE_POLICY[audience].privateScore;
  if (input.board === "private" && !privateAvailable) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: `The private leaderboard is revealed ${revealMessage(reveal)}.` });
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
    revealAt: reveal.revealAt,
    metricId: challenge.metricId,
    higherIsBetter,
    entries: rankLeaderboard(rows, { higherIsBetter, board: input.board }),
    history: leadHistory(rows, higherIsBetter),
  };
}
