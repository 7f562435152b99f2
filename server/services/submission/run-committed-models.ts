// Committed models (DSB stage 2, made stronger): when a stage that takes committed models
// opens, each participant's model committed in the phase before it (their choice, or their
// best public one there) is run on the stage's own test images. A model committed before
// those images existed cannot have been tuned on them. Only these runs enter the stage's board.
import { childLogger } from "../../log";
import { enqueueScoring } from "../../queue/scoring-queue";
import { challengeRepository } from "../../repositories/challenge-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { previousPhase } from "../challenge/stage-test-set";
import { higherIsBetter, readStoredRule } from "../scoring-rule/rule-document";

const log = childLogger({ role: "worker", component: "committed-models" });

/**
 * Creates and queues the runs of every stage that has opened and not run its committed
 * models yet; each stage once, whichever worker gets there first. Called on the worker's
 * periodic tick, so a stage opens within seconds of its start even if every worker was down then.
 */
export async function runDueCommittedModels(now: Date = new Date()): Promise<Array<{ phaseId: string; runs: number }>> {
  const done: Array<{ phaseId: string; runs: number }> = [];
  for (const stage of await challengeRepository.listDueCommittedStages(now)) {
    const from = previousPhase(stage.challenge.phases, stage);
    const ids = await submissionRepository.createCommittedRuns({
      phaseId: stage.id,
      fromPhaseId: from?.id ?? null,
      challengeId: stage.challenge.id,
      higherIsBetter: higherIsBetter(readStoredRule(stage.challenge)),
    });
    if (!ids) continue;
    // A lost wake-up call is re-sent by the reaper (queued rows older than a lease).
    for (const id of ids) await enqueueScoring(id).catch((error: unknown) => log.error({ err: error, submissionId: id }, "could not enqueue a committed model run"));
    if (ids.length > 0 || from) log.info({ challenge: stage.challenge.slug, stage: stage.name, runs: ids.length }, "ran committed models");
    done.push({ phaseId: stage.id, runs: ids.length });
  }
  return done;
}
