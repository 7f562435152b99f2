// Custom scorers end to end: the worked example of scorers/CUSTOM-SCORERS.md uploaded through
// the API, tried in the real sandbox on the challenge's sample submission, a baseline and a
// known answer (from the built-in f1-at-iou, an independent implementation), made live, and a
// participant's submission scored with it by the scoring job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreText } from "../../scorers/run";
import { getBlobStore } from "../../server/blob";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { createTrialChallenge, CUSTOM_TRUTH, EXAMPLE_SCORER_SOURCE, KNOWN_ANSWER_SUBMISSION, PARTICIPANT_SUBMISSION, SAMPLE_SUBMISSION } from "../support/custom-scorer-cases";
import { callerFor, createChallenge, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const f1 = (file: string) => {
  const report = scoreText("f1-at-iou", CUSTOM_TRUTH, file, { threshold: 0.5, aggregate: "pooled" });
  if (!report.ok) throw new Error(report.error.message);
  return report.value;
};

let challenge: Awaited<ReturnType<typeof createChallenge>>;
let host: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  ({ host, challenge } = await createTrialChallenge());
});

describe("custom scorers", () => {
  it("should try the worked example on the sample, the baseline and a known answer, make it live and score a submission with it", async () => {
    expect(f1(SAMPLE_SUBMISSION).score).not.toBe(f1(KNOWN_ANSWER_SUBMISSION).score);
    const expected = f1(KNOWN_ANSWER_SUBMISSION).score;
    const uploaded = await callerFor(host).customScorer.upload({
      challengeSlug: challenge.slug,
      filename: "f-beta-at-iou.js",
      source: EXAMPLE_SCORER_SOURCE,
      params: { beta: 1 },
      knownAnswers: [{ name: "known.csv", content: KNOWN_ANSWER_SUBMISSION, expectedScore: expected, tolerance: 1e-9 }],
    });
    expect(uploaded.problems).toEqual([]);
    expect(uploaded.status).toBe("passed");
    expect(uploaded.cases.map((c) => [c.kind, c.name, c.passed])).toEqual([
      ["sample", "sample_submission.csv", true],
      ["baseline", "baseline.csv", true],
      ["known-answer", "known.csv", true],
    ]);
    expect(uploaded.cases[0]?.score).toBeCloseTo(f1(SAMPLE_SUBMISSION).score, 12);
    expect(uploaded.cases[2]?.score).toBeCloseTo(expected, 12);
    const version = uploaded.version!;
    expect(version).toMatchObject({ scorerId: "f-beta-at-iou", version: "1.0.0", metricId: "custom:f-beta-at-iou@1.0.0", live: false, params: { beta: 1 } });
    // The module is stored under its own prefix; the challenge's scorer has not changed yet.
    const row = await getPrisma().customScorerVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect(row.moduleKey).toMatch(/^custom-scorers\/[^/]+\/module\.cjs$/);
    expect(String(await getBlobStore().get(row.moduleKey))).toContain("f-beta-at-iou");
    expect((await getPrisma().challenge.findUniqueOrThrow({ where: { id: challenge.id } })).metricId).toBe("dsb2018-map");

    // Only its hosts may make it live; then the challenge names it.
    await expect(callerFor(await createUser("host")).customScorer.setChallengeScorer({ challengeSlug: challenge.slug, customScorerVersionId: version.id })).rejects.toThrow(/among the challenges you host/);
    const live = await callerFor(host).customScorer.setChallengeScorer({ challengeSlug: challenge.slug, customScorerVersionId: version.id });
    expect(live.version.live).toBe(true);
    expect(live.rule).toMatchObject({ changed: true, version: 2, changes: ["metric: dsb2018-map → custom:f-beta-at-iou@1.0.0", "metric.params.beta: (none) → 1", "metric.params.maxObjectsPerImage: 1000 → (none)"] });
    expect((await callerFor(host).customScorer.list({ challengeSlug: challenge.slug })).map((v) => [v.metricId, v.live])).toEqual([["custom:f-beta-at-iou@1.0.0", true]]);

    const participant = await createUser();
    const { id } = await callerFor(participant).submission.create(uploadStream(challenge.slug, PARTICIPANT_SUBMISSION));
    expect(await processSubmission(id, { workerId: "custom-scorers" })).toBe("scored");
    const scored = await getPrisma().submission.findUniqueOrThrow({ where: { id } });
    const reference = f1(PARTICIPANT_SUBMISSION);
    expect(scored).toMatchObject({ status: "scored", scorerId: "custom:f-beta-at-iou", scorerVersion: "1.0.0", imageStatesKey: null });
    expect(scored.publicScore).toBeCloseTo(reference.public!, 12);
    expect(scored.privateScore).toBeCloseTo(reference.private!, 12);
    expect((await callerFor(participant).submission.byId({ id })).publicScore).toBeCloseTo(reference.public!, 12);
  });

  it("should refuse the same version again and leave nothing new stored", async () => {
    const before = await getPrisma().customScorerVersion.count();
    await expect(
      callerFor(host).customScorer.upload({ challengeSlug: challenge.slug, filename: "f-beta-at-iou.js", source: EXAMPLE_SCORER_SOURCE, params: { beta: 1 } }),
    ).rejects.toThrow(/Version 1\.0\.0 of f-beta-at-iou is already stored for this challenge/);
    expect(await getPrisma().customScorerVersion.count()).toBe(before);
  });

  it("should accept the example as TypeScript with beta 2, scored as F2", async () => {
    const ts = EXAMPLE_SCORER_SOURCE.replace('version: "1.0.0"', 'version: "1.1.0"').replace("const pixels = (rle) =>", "const pixels = (rle: string): Set<number> =>");
    const { tp, fp, fn } = countsOf(KNOWN_ANSWER_SUBMISSION);
    const f2 = (5 * tp) / (5 * tp + 4 * fn + fp);
    const uploaded = await callerFor(host).customScorer.upload({
      challengeSlug: challenge.slug,
      filename: "f-beta-at-iou.ts",
      source: ts,
      params: { beta: 2 },
      knownAnswers: [{ name: "known.csv", content: KNOWN_ANSWER_SUBMISSION, expectedScore: f2 }],
    });
    expect(uploaded.problems).toEqual([]);
    expect(uploaded.version?.params).toEqual({ beta: 2 });
  });

  it("should refuse parameters the scorer does not declare, and participants", async () => {
    const refused = await callerFor(host).customScorer.upload({
      challengeSlug: challenge.slug,
      filename: "f-beta-at-iou.js",
      source: EXAMPLE_SCORER_SOURCE.replace('version: "1.0.0"', 'version: "1.2.0"'),
      params: { gamma: 3 },
    });
    expect(refused).toMatchObject({ status: "refused", version: null });
    expect(refused.problems.join(" ")).toMatch(/The parameters do not fit the scorer's declared parameters/);
    await expect(callerFor(await createUser()).customScorer.list({ challengeSlug: challenge.slug })).rejects.toThrow();
  });
});

/** TP, FP, FN pooled over the test images, from the built-in scorer's per-image counts. */
function countsOf(file: string) {
  const rows = f1(file).perItem ?? [];
  const sum = (key: string) => rows.reduce((s, r) => s + (r.values?.[key] ?? 0), 0);
  return { tp: sum("tp"), fp: sum("fp"), fn: sum("fn") };
}
