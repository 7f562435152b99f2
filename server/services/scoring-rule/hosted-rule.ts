// The challenge whose rule a host edits, and a proposed rule checked against it: shared by
// reading, previewing and saving a rule.
import { TASK_TYPE_TITLES } from "../../../datasets/task-types";
import type { SessionUser } from "../../contracts/common";
import type { ScoringRule } from "../../contracts/scoring-rule";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { checkRule, readStoredRule, type DatasetClasses, type RuleMetric } from "./rule-document";
import { datasetClasses, ruleMetricFor } from "./rule-metrics";

export type HostedRuleChallenge = NonNullable<Awaited<ReturnType<typeof scoringRuleRepository.findChallenge>>>;

export async function findRuleChallenge(user: SessionUser, slug: string): Promise<{ challenge: HostedRuleChallenge; rule: ScoringRule; classes: DatasetClasses | null }> {
  const challenge = await scoringRuleRepository.findChallenge(slug);
  if (!challenge || !(await canHostChallenge(user, challenge.id))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${printable(slug)}" among the challenges you host.` });
  }
  return { challenge, rule: readStoredRule(challenge), classes: datasetClasses(challenge.dataset) };
}

/** The proposed rule as it would be stored, with its metric; INVALID_INPUT naming every problem otherwise. */
export async function checkProposedRule(challenge: HostedRuleChallenge, classes: DatasetClasses | null, proposed: ScoringRule): Promise<{ rule: ScoringRule; metric: RuleMetric }> {
  const metric = await ruleMetricFor(challenge, proposed.metric.id);
  if (!metric) {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: `metric.id: "${printable(proposed.metric.id)}" is not a metric this challenge can use (a built-in scorer for its ${TASK_TYPE_TITLES[challenge.dataset.taskType]} data, or one of its custom scorers).`,
    });
  }
  const checked = checkRule(proposed, metric, { classes, ladderPhases: challenge.phases.filter((p) => p.ladder).map((p) => p.name) });
  if (!checked.ok) throw new AppError(AppErrorCode.INVALID_INPUT, { message: `The scoring rule is not valid: ${checked.problems.join(" ")}` });
  return { rule: checked.rule, metric };
}
