// A model submitted to one challenge, evaluated on another challenge's hidden test images:
// the transfer test (other microscopes, stains, labs). Results go to a transfer table and
// never onto the target's leaderboard.
import { teamRepository } from "../../repositories/team-repository";
import type { SessionUser } from "../../contracts/common";
import { AppError } from "../../errors";
import { ZModelContractSchema } from "../../onnx/model-contract";
import { enqueueTransfer } from "../../queue/scoring-queue";
import { challengeRepository } from "../../repositories/challenge-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { transferRepository } from "../../repositories/transfer-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { getTestSetReveal, revealMessage } from "../challenge/test-set-reveal";

export async function requestTransfer(input: { user: SessionUser; submissionId: string; targetSlug: string }) {
  const submission = await submissionRepository.findByIdIncludeModelContract(input.submissionId);
  if (!submission) throw new AppError("NOT_FOUND", { message: "No such submission." });
  const target = await findVisibleChallenge(input.targetSlug, input.user);
  // A team's model belongs to every member.
  const isOwner = submission.userId === (await teamRepository.entrantOf(submission.challengeId, input.user.id));
  const hostsTarget = input.user.role === "admin" || (await challengeRepository.isHost(target.id, input.user.id));
  if (!isOwner && !hostsTarget) throw new AppError("FORBIDDEN", { message: "Only the model's owner or a host of the target challenge can evaluate it there." });
  if (submission.kind !== "onnx_model") throw new AppError("INVALID_INPUT", { message: "Only ONNX models can be evaluated on other challenges; prediction files are made for one test set." });
  if (submission.status !== "scored") throw new AppError("INVALID_INPUT", { message: "The model must first be scored on its own challenge." });
  if (target.id === submission.challengeId) throw new AppError("INVALID_INPUT", { message: "That is the model's own challenge; its score is on the leaderboard." });
  const source = ZModelContractSchema.safeParse(submission.challenge.modelContract);
  const destination = ZModelContractSchema.safeParse(target.modelContract);
  if (!source.success || !destination.success || source.data.task !== destination.data.task) {
    throw new AppError("INVALID_INPUT", { message: `${target.title} does not take models with this model's contract (a ${source.success ? source.data.task : "different"} model).` });
  }
  if (source.data.task === "classification" && destination.data.task === "classification" && source.data.classCount !== destination.data.classCount) {
    throw new AppError("INVALID_INPUT", { message: `${target.title} has ${destination.data.classCount} classes; the model predicts ${source.data.classCount}.` });
  }
  // A participant may not probe a running challenge's hidden test set around its quota:
  // only its hosts can evaluate foreign models there before it closes.
  // (or another challenge on the same test images): only its hosts can evaluate foreign
  // models there before the test set is revealed.
  const reveal = await getTestSetReveal(target.datasetId);
  if (!hostsTarget && !reveal.revealed) {
    throw new AppError("FORBIDDEN", { message: `${target.title} is still running; models can be evaluated on it ${revealMessage(reveal)}, or by its hosts.` });
  }
  const transfer = await transferRepository.createOrGet({ submissionId: submission.id, targetChallengeId: target.id, requestedById: input.user.id });
  if (transfer.status === "queued") await enqueueTransfer(transfer.id);
  return { id: transfer.id, status: transfer.status };
}
