import { higherIsBetter, readStoredRule } from "../scoring-rule/rule-document";
import { committedModelOf } from "../challenge/stage-test-set";
import type { SubmissionDto, SubmissionListItemDto } from "../../contracts/submission";
import type { SubmissionRecord } from "../../repositories/submission-repository";
import { DISCLOSURE_POLICY, discloseReport, type Audience, type ConditionContext } from "../disclosure/disclose-report";

/**
 * Under the Ladder, until the test set is revealed, a participant sees the public score the
 * board showed them after the submission (their best so far unless this one improved it
 * significantly), and no aggregates over public images: exact public scores of every
 * submission are what adaptive overfitting feeds on.
 */
const ladderGuards = (record: SubmissionRecord, audience: Audience) => record.phase.ladder && audience === "participant-open";

const publicScoreFor = (record: SubmissionRecord, audience: Audience) => (ladderGuards(record, audience) ? record.ladderScore : record.publicScore);

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
  const ladder = ladderGuards(record, options.audience);
  const breakdown = ladder ? { ...disclosed.breakdown, perThreshold: [], perCondition: null } : disclosed.breakdown;
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
    publicScore: publicScoreFor(record, options.audience),
    ladder,
    privateScore: policy.privateScore ? record.privateScore : null,
    privateRevealed: policy.privateScore,
    revealAt: options.revealAt,
    metricId: record.challenge.metricId,
    higherIsBetter: higherIsBetter(readStoredRule(record.challenge)),
    chosen: record.chosenAt !== null,
    message: record.message,
    ...provenanceFields(record),
    scoringRuleVersion: record.scoringRuleVersion,
    currentRuleVersion: record.challenge.scoringRuleVersion,
    breakdown,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    scoringMs: record.scoringMs,
    model: disclosed.model,
    isBaseline: record.isBaseline,
  };
}

/** Where a submission came from: a committed model it runs, the team member who made it. */
function provenanceFields(record: SubmissionRecord) {
  return {
    committed: record.committedAt !== null,
    committedModel: committedModelOf(record),
    submittedBy: record.submittedBy?.name ?? null,
  };
}

export function toSubmissionListItemDto(record: SubmissionRecord, options: { audience: Audience }): SubmissionListItemDto {
  return {
    id: record.id,
    phaseId: record.phaseId,
    phaseName: record.phase.name,
    kind: record.kind,
    filename: record.filename,
    status: record.status,
    failureKind: record.failureKind,
    errorMessage: record.errorMessage,
    publicScore: publicScoreFor(record, options.audience),
    ladder: ladderGuards(record, options.audience),
    privateScore: DISCLOSURE_POLICY[options.audience].privateScore ? record.privateScore : null,
    chosen: record.chosenAt !== null,
    message: record.message,
    ...provenanceFields(record),
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}
