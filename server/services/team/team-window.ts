// Until when a challenge's teams may form, merge and change (Kaggle's team merger deadline).
import { AppError, AppErrorCode } from "../../errors";
import type { ChallengeRecord } from "../../repositories/challenge-repository";
import { formatInstant } from "../challenge/phase-rules";

/** The host's merge deadline, or else the end of the last phase. */
export function teamChangesCloseAt(challenge: Pick<ChallengeRecord, "teamMergeDeadline" | "phases">): Date | null {
  if (challenge.teamMergeDeadline) return challenge.teamMergeDeadline;
  const ends = challenge.phases.map((p) => p.endsAt.getTime());
  return ends.length > 0 ? new Date(Math.max(...ends)) : null;
}

export function teamChangesOpen(closeAt: Date | null, now: Date): boolean {
  return closeAt === null || now < closeAt;
}

export function assertTeamChangesOpen(challenge: Pick<ChallengeRecord, "teamMergeDeadline" | "phases">, now: Date): void {
  const closeAt = teamChangesCloseAt(challenge);
  if (closeAt !== null && !teamChangesOpen(closeAt, now)) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `Teams could form and merge until ${formatInstant(closeAt)}; they can no longer change.` });
  }
}
