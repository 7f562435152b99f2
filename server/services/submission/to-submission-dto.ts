import { getScorer } from "../../../scorers";
import type { SubmissionDto, SubmissionListItemDto } from "../../contracts/submission";
import type { SubmissionRecord } from "../../repositories/submission-repository";
import { DISCLOSURE_POLICY, discloseReport, type Audience, type ConditionContext } from "../disclosure/disclose-report";

/**
 * What a viewer may see of a submission, field by field (nothing of the stored report is
 * passed through whole): until the test set is revealed, participants get the public score
 * and aggregates over public images only; see server/services/disclosure.
 */
export function toSubmissionDto(
  record: SubmissionRecord,
  options: { audience: Audience; revealAt: Date | null; conditions: ConditionContext },
): SubmissionDto {
  const policy = DISCLOSURE_POLICY[options.audience];
  const disclosed = discloseReport(record.result, options.audience, options.conditions);
  return {
    id: record.id,
    challengeSlug: record.challenge.slug,
    challengeTitle: record.challenge.title,
    phaseId: record.phaseId,
    phaseName: record.phase.name,
    userName: record.user.name,
    kind: record.kind,
    filename: record.filename,
    sizeBytes: record.sizeBytes,
    sha256: record.sha256,
    status: record.status,
    failureKind: record.failureKind,
    errorMessage: record.errorMessage,
    publicScore: record.publicScore,
    privateScore: policy.privateScore ? record.privateScore : null,
    privateRevealed: policy.privateScore,
    revealAt: options.revealAt,
    metricId: record.challenge.metricId,
    higherIsBetter: getScorer(record.challenge.metricId)?.outputs[0]?.higherIsBetter ?? true,
    breakdown: disclosed.breakdown,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    scoringMs: record.scoringMs,
    model: disclosed.model,
    isBaseline: record.isBaseline,
  };
}

export function toSubmissionListItemDto(record: SubmissionRecord, options: { audience: Audience }): SubmissionListItemDto {
  return {
    id: record.id,
    phaseName: record.phase.name,
    kind: record.kind,
    filename: record.filename,
    status: record.status,
    failureKind: record.failureKind,
    errorMessage: record.errorMessage,
    publicScore: record.publicScore,
    privateScore: DISCLOSURE_POLICY[options.audience].privateScore ? record.privateScore : null,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}
