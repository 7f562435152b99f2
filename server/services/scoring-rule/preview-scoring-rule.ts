// Scores the challenge's sample submission and its baselines' files under a proposed rule, in
// the sandbox, before the host saves it: what each would show on the boards, next to what the
// baselines show now. Nothing is stored.
import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import type { ScoringRuleChangeRequest, ScoringRulePreview } from "../../contracts/scoring-rule";
import { ZScoringRuleChangeRequestSchema } from "../../contracts/scoring-rule";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { runInSandbox } from "../../sandbox/sandbox";
import { TRIAL_LIMITS, trialSemaphore } from "../custom-scorer/try-custom-scorer";
import { formatRejection } from "../scoring/format-rejection";
import { checkProposedRule, findRuleChallenge } from "./hosted-rule";
import { boardValues, ruleChanges } from "./rule-document";

export async function previewScoringRule(input: { user: SessionUser; request: ScoringRuleChangeRequest }): Promise<ScoringRulePreview> {
  const request = ZScoringRuleChangeRequestSchema.parse(input.request);
  const { challenge, rule: current, classes } = await findRuleChallenge(input.user, request.slug);
  const { rule, metric } = await checkProposedRule(challenge, classes, request.rule);
  const baselines = await scoringRuleRepository.listBaselines(challenge.id);
  const files = [
    ...(challenge.sampleSubmissionKey ? [{ name: "sample_submission.csv", kind: "sample" as const, key: challenge.sampleSubmissionKey, current: null }] : []),
    ...baselines.map((b) => ({
      name: b.filename,
      kind: "baseline" as const,
      key: b.blobKey,
      current: b.status === "scored" ? { public: b.publicScore, private: b.privateScore } : null,
    })),
  ];
  const cases = await getBlobStore().withLocalFiles(async (localPath) => {
    const truthPath = await localPath(challenge.dataset.truthKey);
    const modulePath = metric.moduleKey ? await localPath(metric.moduleKey) : null;
    const results: ScoringRulePreview["cases"] = [];
    for (const file of files) {
      const outcome = await trialSemaphore.run(async () =>
        runInSandbox(
          { scorerId: rule.metric.id, params: rule.metric.params, truthPath, submissionPath: await localPath(file.key), ...(modulePath ? { customScorer: { modulePath } } : {}) },
          TRIAL_LIMITS,
        ),
      );
      if (outcome.kind !== "scored") {
        const error = outcome.kind === "rejected" ? formatRejection(outcome.rejection) : outcome.kind === "error" ? outcome.message : `unexpected sandbox reply "${outcome.kind}"`;
        results.push({ name: file.name, kind: file.kind, current: file.current, proposed: null, error });
        continue;
      }
      const values = boardValues(outcome.report, rule);
      const columns = Object.fromEntries(rule.columns.map((key) => [key, { public: values.outputs.public[key] ?? null, private: values.outputs.private[key] ?? null }]));
      results.push({ name: file.name, kind: file.kind, current: file.current, proposed: { public: values.public, private: values.private, columns }, error: null });
    }
    return results;
  });
  return { rule, changes: ruleChanges(current, rule), cases };
}
