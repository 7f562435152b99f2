import { quotaProblems } from "../../contracts/challenge";
import { AppError, AppErrorCode } from "../../errors";

/**
 * Refuses a quota that would stop every participant (0) or let one day use up the phase,
 * unless the host confirmed it: such numbers are usually a slip in a form, and a phase
 * nobody can submit to looks broken to participants rather than paused.
 */
export function assertSensibleQuota(input: { dailyQuota: number; totalQuota: number; confirmQuota: boolean | undefined; phaseName: string }): void {
  const problems = quotaProblems(input);
  if (problems.length === 0 || input.confirmQuota) return;
  throw new AppError(AppErrorCode.INVALID_INPUT, {
    message: `Phase "${input.phaseName}": ${problems.join("; ")}. If that is what you mean, confirm it (confirmQuota: true, or tick "Keep these quotas").`,
  });
}
