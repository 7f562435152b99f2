import { getScorer } from "../../../scorers";
import type { SubmissionDto, SubmissionListItemDto } from "../../contracts/submission";
import type { SubmissionRecord } from "../../repositories/submission-repository";

interface StoredReport {
  perItem?: SubmissionDto["perItem"];
  perClass?: SubmissionDto["perClass"];
  perThreshold?: SubmissionDto["perThreshold"];
  model?: SubmissionDto["model"];
}

/**
 * What a viewer may see of a submission. Until the phase ends, non-hosts get no private
 * score, no per-image rows of private images, and no aggregate that mixes private images in
 * (per-threshold and per-class values over all images would leak the private split).
 */
export function toSubmissionDto(record: SubmissionRecord, options: { revealPrivate: boolean }): SubmissionDto {
  const report = (record.result ?? {}) as StoredReport;
  const reveal = options.revealPrivate;
  const perItem = (report.perItem ?? []).filter((item) => reveal || item.usage !== "Private");
  const hasPrivateItems = (report.perItem ?? []).some((item) => item.usage === "Private");
  const aggregatesSafe = reveal || !hasPrivateItems;
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
    privateScore: reveal ? record.privateScore : null,
    privateRevealed: reveal,
    metricId: record.challenge.metricId,
    higherIsBetter: getScorer(record.challenge.metricId)?.outputs[0]?.higherIsBetter ?? true,
    perItem,
    perClass: aggregatesSafe ? (report.perClass ?? []) : [],
    perThreshold: aggregatesSafe ? (report.perThreshold ?? []) : [],
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    scoringMs: record.scoringMs,
    model: report.model ? { images: report.model.images, inferenceMs: report.model.inferenceMs, loopMs: report.model.loopMs, imagesPerSecond: report.model.imagesPerSecond } : null,
    isBaseline: record.isBaseline,
  };
}

export function toSubmissionListItemDto(record: SubmissionRecord, options: { revealPrivate: boolean }): SubmissionListItemDto {
  return {
    id: record.id,
    phaseName: record.phase.name,
    kind: record.kind,
    filename: record.filename,
    status: record.status,
    failureKind: record.failureKind,
    errorMessage: record.errorMessage,
    publicScore: record.publicScore,
    privateScore: options.revealPrivate ? record.privateScore : null,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}
