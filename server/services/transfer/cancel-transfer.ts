// The model's owner (or whoever asked for the evaluation, or an admin) stops a transfer
// evaluation: queued ones at once, running ones at the worker's next heartbeat (the sandbox
// is killed, then the row says cancelled).
import { teamRepository } from "../../repositories/team-repository";
import type { SessionUser } from "../../contracts/common";
import { AppError } from "../../errors";
import { jobLeaseRepository } from "../../repositories/job-lease-repository";
import { transferRepository } from "../../repositories/transfer-repository";

export async function cancelTransfer(input: { id: string; user: SessionUser }): Promise<{ id: string; status: "cancelled" | "cancelling" }> {
  const transfer = await transferRepository.findById(input.id);
  // The model's owner: its participant, or any member of its team.
  const owner = transfer ? transfer.submission.userId === (await teamRepository.entrantOf(transfer.submission.challengeId, input.user.id)) : false;
  const allowed = transfer && (owner || transfer.requestedById === input.user.id || input.user.role === "admin");
  if (!transfer || !allowed) throw new AppError("NOT_FOUND", { message: "No such transfer evaluation among yours." });
  const result = await jobLeaseRepository.requestCancel("transfer", input.id);
  if (!result) throw new AppError("CONFLICT", { message: `The evaluation is already ${transfer.status}; only queued or running evaluations can be cancelled.` });
  return { id: input.id, status: result === "cancelled" ? "cancelled" : "cancelling" };
}
