// A challenge's scoring rule for its hosts: the rule, the metrics it may name with their
// parameter forms, every earlier version (who changed what), and each phase's scores under
// older versions.
import type { SessionUser } from "../../contracts/common";
import type { ScoringRuleDto } from "../../contracts/scoring-rule";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { findRuleChallenge } from "./hosted-rule";
import { readStoredRule } from "./rule-document";
import { classCountKeys, metricChoices } from "./rule-metrics";

export async function getScoringRule(input: { user: SessionUser; slug: string }): Promise<ScoringRuleDto> {
  const { challenge, rule, classes } = await findRuleChallenge(input.user, input.slug);
  const [metrics, history, phases] = await Promise.all([
    metricChoices(challenge, classCountKeys(classes)),
    scoringRuleRepository.history(challenge.id),
    scoringRuleRepository.rescoreOffers(challenge.id, challenge.scoringRuleVersion),
  ]);
  return {
    slug: challenge.slug,
    version: challenge.scoringRuleVersion,
    rule,
    metrics,
    history: history.map((h) => ({
      version: h.version,
      rule: readStoredRule({ scoringRule: h.rule, metricId: rule.metric.id }),
      changes: h.changes,
      changedBy: h.createdBy?.name ?? null,
      changedAt: h.createdAt,
    })),
    phases,
  };
}
