// Custom scorer versions (scorers/CUSTOM-SCORERS.md) and what the trial reads: the challenge,
// its sample submission and baselines.
import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";

const versionSelect = {
  id: true,
  challengeId: true,
  scorerId: true,
  version: true,
  title: true,
  sourceSha256: true,
  moduleKey: true,
  declaration: true,
  params: true,
  trial: true,
  createdAt: true,
} as const;

export type CustomScorerVersionRecord = Prisma.CustomScorerVersionGetPayload<{ select: typeof versionSelect }>;

export const customScorerRepository = {
  /** The challenge a trial runs against: its truth, sample submission and current metric. */
  findChallengeForTrial(slug: string) {
    return getPrisma().challenge.findUnique({
      where: { slug },
      select: { id: true, slug: true, metricId: true, sampleSubmissionKey: true, dataset: { select: { truthKey: true } } },
    });
  },

  /** The platform's baseline prediction files of a challenge (scored or not): trial cases. */
  listBaselineFiles(challengeId: string) {
    return getPrisma().submission.findMany({
      where: { challengeId, isBaseline: true, kind: "prediction_csv", status: { not: "cancelled" } },
      orderBy: { createdAt: "asc" },
      select: { id: true, filename: true, blobKey: true },
    });
  },

  findById(id: string) {
    return getPrisma().customScorerVersion.findUnique({ where: { id }, select: versionSelect });
  },

  findByChallengeAndVersion(challengeId: string, scorerId: string, version: string) {
    return getPrisma().customScorerVersion.findUnique({ where: { challengeId_scorerId_version: { challengeId, scorerId, version } }, select: versionSelect });
  },

  /** The version a submission's challenge names (for the scoring job, which knows the submission). */
  findBySubmissionAndVersion(submissionId: string, scorerId: string, version: string) {
    return getPrisma().customScorerVersion.findFirst({
      where: { scorerId, version, challenge: { submissions: { some: { id: submissionId } } } },
      select: versionSelect,
    });
  },

  listByChallenge(challengeId: string) {
    return getPrisma().customScorerVersion.findMany({ where: { challengeId }, orderBy: { createdAt: "desc" }, select: versionSelect });
  },

  create(data: {
    id: string;
    challengeId: string;
    scorerId: string;
    version: string;
    title: string;
    sourceSha256: string;
    moduleKey: string;
    /** Plain JSON (checked by the caller's zod schemas). */
    declaration: object;
    params: Record<string, unknown>;
    trial: object;
    createdById: string;
  }) {
    const json = (value: object) => value as Prisma.InputJsonValue;
    return getPrisma().customScorerVersion.create({
      data: { ...data, declaration: json(data.declaration), params: json(data.params), trial: json(data.trial) },
      select: versionSelect,
    });
  },
};
