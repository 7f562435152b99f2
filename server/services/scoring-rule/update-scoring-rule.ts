// Saves a host's changed scoring rule as the challenge's next version: checked against its
// metric, recorded with who changed what, and answered with the phases whose scores were
// computed under an older version (the host may re-score them; scores are never silently
// recomputed). An unchanged rule saves nothing.
import type { SessionUser } from "../../contracts/common";
import { ZScoringRuleChangeRequestSchema, type ScoringRule, type ScoringRuleChangeRequest, type UpdateScoringRuleResponse } from "../../contracts/scoring-rule";
import { AppError, AppErrorCode } from "../../errors";
import { childLogger } from "../../log";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { checkProposedRule, findRuleChallenge } from "./hosted-rule";
import { changesScores, ruleChanges } from "./rule-document";

const log = childLogger({ component: "scoring-rule" });

/** Saves `proposed` (already the whole rule) for a challenge the caller has checked the user hosts. */
export async function saveScoringRule(
  user: SessionUser,
  found: Awaited<ReturnType<typeof findRuleChallenge>>,
  proposed: ScoringRule,
): Promise<UpdateScoringRuleResponse> {
  const { challenge, rule: current, classes } = found;
  const { rule } = await checkProposedRule(challenge, classes, proposed);
  const changes = ruleChanges(current, rule);
  if (changes.length === 0) {
    return { changed: false, version: challenge.scoringRuleVersion, changes: [], rescore: (await scoringRuleRepository.rescoreOffers(challenge.id, challenge.scoringRuleVersion)).filter((p) => p.outdated > 0) };
  }
  const version = await scoringRuleRepository.saveVersion({
    challengeId: challenge.id,
    expectedVersion: challenge.scoringRuleVersion,
    rule,
    metricId: rule.metric.id,
    metricParams: rule.metric.params,
    changes,
    userId: user.id,
  });
  if (version === null) {
    throw new AppError(AppErrorCode.CONFLICT, { message: "Another host changed the scoring rule meanwhile; reload it and make your change again." });
  }
  log.info({ challenge: challenge.slug, version, changes, by: user.id }, "scoring rule changed");
  // A change of presentation only (tie-break, fewer columns) leaves every stored score right.
  const rescore = changesScores(current, rule) ? (await scoringRuleRepository.rescoreOffers(challenge.id, version)).filter((p) => p.outdated > 0) : [];
  return { changed: true, version, changes, rescore };
}

export async function updateScoringRule(input: { user: SessionUser; request: ScoringRuleChangeRequest }): Promise<UpdateScoringRuleResponse> {
  const request = ZScoringRuleChangeRequestSchema.parse(input.request);
  return saveScoringRule(input.user, await findRuleChallenge(input.user, request.slug), request.rule);
}
