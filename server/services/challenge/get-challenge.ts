import { getScorer } from "../../../scorers";
import { outputLabel } from "../leaderboard/board-columns";
import { higherIsBetter as ruleHigherIsBetter, readStoredRule } from "../scoring-rule/rule-document";
import type { ChallengeDetailDto } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { canHostChallenge } from "./can-host-challenge";
import { challengeSnapshot } from "./challenge-snapshots";
import { visibleOrNotFound } from "./find-challenge";
import { challengeDownloads } from "./challenge-downloads";
import { phaseRulesMarkdown } from "./phase-rules";
import { submissionNotice } from "./submission-notice";
import { revealOf } from "./test-set-reveal";
import { toChallengeSummaryDto, toPhaseDto } from "./to-challenge-dto";

export async function getChallenge(input: { slug: string; user: SessionUser | null }): Promise<ChallengeDetailDto> {
  const snapshot = await visibleOrNotFound(await challengeSnapshot(input.slug), input.slug, input.user);
  const { challenge, activity, imageCounts: counts } = snapshot;
  const now = new Date();
  const viewerIsHost = await canHostChallenge(input.user, challenge.id);
  const reveal = revealOf(snapshot.testSetChallenges, now);
  const scorer = getScorer(challenge.metricId);
  const rule = readStoredRule(challenge);
  return {
    ...toChallengeSummaryDto(challenge, activity, now),
    overviewMd: challenge.overviewMd,
    dataMd: challenge.dataMd,
    evaluationMd: challenge.evaluationMd,
    rulesMd: challenge.rulesMd,
    phaseRulesMd: phaseRulesMarkdown(challenge.phases, now),
    submissionNotice: submissionNotice(challenge.phases, now),
    submissionKinds: challenge.submissionKinds,
    phases: challenge.phases.map((p) => toPhaseDto(p, now, viewerIsHost)),
    downloads: challengeDownloads(challenge, now).map(({ name, label }) => ({
      name,
      label,
      href: `/api/challenges/${challenge.slug}/files/${name}`,
    })),
    metric: {
      id: challenge.metricId,
      version: scorer?.version ?? "unknown",
      title: scorer?.title ?? challenge.metricId,
      higherIsBetter: ruleHigherIsBetter(rule),
      params: (challenge.metricParams ?? {}) as Record<string, unknown>,
      rule: {
        version: challenge.scoringRuleVersion,
        rankedBy: outputLabel(rule, rule.ranking.output),
        tieBreak: rule.ranking.tieBreak,
        columns: rule.columns.map((key) => outputLabel(rule, key)),
        privateBoard: rule.privateBoard,
      },
    },
    dataset: {
      name: snapshot.datasetName,
      images: { train: counts.train, publicTest: counts.public_test, privateTest: counts.private_test, validation: counts.validation },
    },
    viewerIsHost,
    testSet: {
      revealAt: reveal.revealAt,
      revealed: reveal.revealed,
      sharedWith: reveal.challenges.filter((c) => c.id !== challenge.id).map(({ slug, title }) => ({ slug, title })),
    },
    teamMergeDeadline: challenge.teamMergeDeadline,
    modelContract: challenge.modelContract && typeof challenge.modelContract === "object" && !Array.isArray(challenge.modelContract) ? (challenge.modelContract as Record<string, unknown>) : null,
  };
}
