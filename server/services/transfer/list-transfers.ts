import type { SessionUser } from "../../contracts/common";
import { ZTransferCellSchema, type TransferTableDto } from "../../contracts/transfer";
import { transferRepository } from "../../repositories/transfer-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { audienceFor } from "../disclosure/audience";
import type { Audience } from "../disclosure/disclose-report";

/**
 * The transfer table of a challenge's models: public, like the leaderboard. A score on a
 * target whose test set is still hidden (a phase on it is open) describes that hidden truth:
 * only the target's hosts see it until the reveal; everyone else sees the status.
 */
export async function listTransfers(input: { slug: string; user: SessionUser | null }): Promise<TransferTableDto> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const evaluations = await transferRepository.listForSourceChallenge(challenge.id);
  // Under the Ladder a model's own public score is shown as the board showed it (see to-submission-dto.ts).
  const sourceAudience = (await audienceFor(input.user, challenge)).audience;
  const audiences = new Map<string, { audience: Audience; revealAt: Date | null }>();
  for (const { targetChallenge } of evaluations) {
    if (audiences.has(targetChallenge.id)) continue;
    const { audience, reveal } = await audienceFor(input.user, targetChallenge);
    audiences.set(targetChallenge.id, { audience, revealAt: reveal.revealAt });
  }
  const targets = new Map<string, string>();
  const rows = new Map<string, TransferTableDto["rows"][number]>();
  for (const evaluation of evaluations) {
    const { submission, targetChallenge } = evaluation;
    targets.set(targetChallenge.slug, targetChallenge.title);
    const row = rows.get(submission.id) ?? {
      submissionId: submission.id,
      participant: submission.user.name,
      filename: submission.filename,
      isBaseline: submission.isBaseline,
      ownPublicScore: submission.phase.ladder && sourceAudience === "participant-open" ? submission.ladderScore : submission.publicScore,
      cells: {},
    };
    const viewer = audiences.get(targetChallenge.id);
    if (viewer?.audience === "participant-open") {
      row.cells[targetChallenge.slug] = { status: evaluation.status, score: null, errorMessage: null, byCondition: null, imagesPerSecond: null, hiddenUntil: viewer.revealAt };
      rows.set(submission.id, row);
      continue;
    }
    const result = (evaluation.result ?? {}) as { byCondition?: unknown; model?: { imagesPerSecond?: number } };
    const byCondition = ZTransferCellSchema.shape.byCondition.safeParse(result.byCondition ?? null);
    row.cells[targetChallenge.slug] = {
      status: evaluation.status,
      score: evaluation.score,
      errorMessage: evaluation.errorMessage,
      byCondition: byCondition.success ? byCondition.data : null,
      imagesPerSecond: typeof result.model?.imagesPerSecond === "number" ? result.model.imagesPerSecond : null,
      hiddenUntil: null,
    };
    rows.set(submission.id, row);
  }
  return { targets: [...targets.entries()].map(([slug, title]) => ({ slug, title })), rows: [...rows.values()] };
}
