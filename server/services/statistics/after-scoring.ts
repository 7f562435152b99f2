// What follows a committed score: the Ladder's step for its participant (when the phase has
// it on), then a request for the phase's board statistics.
import { enqueueBoardStatistics } from "../../queue/scoring-queue";
import { ladderAfterScoring } from "./ladder-step";

export async function afterSubmissionScored(submissionId: string, phaseId: string): Promise<void> {
  await ladderAfterScoring(submissionId, phaseId);
  await enqueueBoardStatistics(phaseId);
}
