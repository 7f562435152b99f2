import type { PhaseDto, ReorderPhasesRequest } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findHostedChallenge } from "./find-hosted-challenge";
import { toPhaseDto } from "./to-challenge-dto";

/** The order phases are shown in; the list must name every phase of the challenge once. */
export async function reorderPhases(input: { user: SessionUser; request: ReorderPhasesRequest }): Promise<PhaseDto[]> {
  const challenge = await findHostedChallenge(input.request.slug, input.user);
  const ids = input.request.phaseIds;
  const known = new Set(challenge.phases.map((p) => p.id));
  const unknown = ids.filter((id) => !known.has(id));
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  const missing = challenge.phases.filter((p) => !ids.includes(p.id));
  const problems = [
    unknown.length > 0 && `not phases of this challenge: ${unknown.map((id) => printable(id)).join(", ")}`,
    repeated.length > 0 && `named more than once: ${[...new Set(repeated)].join(", ")}`,
    missing.length > 0 && `missing: ${missing.map((p) => `"${p.name}" (${p.id})`).join(", ")}`,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `phaseIds must list each of the challenge's ${challenge.phases.length} phases once; ${problems.join("; ")}.` });
  }
  await challengeRepository.setPhaseOrder(challenge.id, ids);
  const byId = new Map(challenge.phases.map((p) => [p.id, p]));
  const now = new Date();
  return ids.map((id) => toPhaseDto(byId.get(id)!, now, true));
}
