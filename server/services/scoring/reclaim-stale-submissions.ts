import { env } from "../../env";
import { enqueueScoring } from "../../queue/scoring-queue";
import { submissionRepository } from "../../repositories/submission-repository";

/**
 * No submission stays "running" forever: claims whose worker stopped heart-beating go back
 * to the queue (or fail after too many takeovers), and queued submissions whose job may have
 * been lost are re-sent (the queue keeps one waiting job per submission).
 */
export async function reclaimStaleSubmissions(): Promise<{ requeued: string[]; failed: string[]; resent: number }> {
  const { requeued, failed } = await submissionRepository.reclaimStale(
    env.LEASE_TIMEOUT_SECONDS,
    env.MAX_SCORING_ATTEMPTS,
  );
  const waiting = await submissionRepository.listQueuedOlderThan(env.LEASE_TIMEOUT_SECONDS);
  const toSend = [...new Set([...requeued, ...waiting])];
  for (const id of toSend) await enqueueScoring(id);
  return { requeued, failed, resent: toSend.length };
}
