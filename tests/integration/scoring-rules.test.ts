// Scoring rules as versioned documents, end to end: a host reads the rule with its generated
// parameter forms, previews a change on the sample submission and the baseline in the real
// sandbox, saves it (a new version, who changed what), re-scores the phase, and the boards
// rank by the new rule's output with its columns, ties and private images; every score
// records its rule version. Numbers are checked against the scorers run directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreText } from "../../scorers/run";
import type { ScoringRule } from "../../server/contracts/scoring-rule";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { scoringRuleRepository } from "../../server/repositories/scoring-rule-repository";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { computeBoardStatistics } from "../../server/services/statistics/compute-board-statistics";
import { createTrialChallenge, CUSTOM_TRUTH, EXAMPLE_SCORER_SOURCE, KNOWN_ANSWER_SUBMISSION, PARTICIPANT_SUBMISSION, SAMPLE_SUBMISSION } from "../support/custom-scorer-cases";
import { callerFor, createChallenge, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const score = (metricId: string, file: string, params: object) => {
  const report = scoreText(metricId, CUSTOM_TRUTH, file, params);
  if (!report.ok) throw new Error(report.error.message);
  return report.value;
};

let challenge: Awaited<ReturnType<typeof createChallenge>>;
let host: Awaited<ReturnType<typeof createUser>>;
const submissions: Array<{ id: string; file: string }> = [];

beforeAll(async () => {
  let baselineId: string;
  ({ host, challenge, baselineId } = await createTrialChallenge());
  submissions.push({ id: baselineId, file: KNOWN_ANSWER_SUBMISSION });
  const participant = await createUser();
  const own = await callerFor(participant).submission.create(uploadStream(challenge.slug, PARTICIPANT_SUBMISSION));
  submissions.push({ id: own.id, file: PARTICIPANT_SUBMISSION });
  for (const s of submissions) expect(await processSubmission(s.id, { workerId: "scoring-rules" })).toBe("scored");
  await computeBoardStatistics(challenge.phaseId);
}, 120_000);

const pqBySq: ScoringRule = {
  metric: { id: "panoptic-quality", params: { aggregate: "pooled" } },
  ranking: { output: "sq", direction: "higher", tieBreak: "shared-rank" },
  columns: ["rq"],
  privateBoard: "all-test-images",
};

describe("scoring rules", () => {
  it("should show hosts the rule, the metrics with generated parameter forms, and nobody else", async () => {
    const rule = await callerFor(host).scoringRule.get({ slug: challenge.slug });
    expect(rule).toMatchObject({
      version: 1,
      rule: { metric: { id: "dsb2018-map", params: { maxObjectsPerImage: 1000 } }, ranking: { output: "score", direction: "higher", tieBreak: "earlier-submission" }, columns: [], privateBoard: "private-images" },
      phases: [{ scored: 2, outdated: 0 }],
    });
    const f1 = rule.metrics.find((m) => m.id === "f1-at-iou")!;
    expect(f1.fields.map((f) => [f.key, f.kind])).toEqual([["threshold", "number"], ["aggregate", "enum"], ["maxObjectsPerImage", "integer"]]);
    expect(rule.metrics.find((m) => m.id === "panoptic-quality")!.outputs.map((o) => o.key)).toEqual(["score", "sq", "rq"]);
    expect(rule.metrics.map((m) => m.id)).not.toContain("hpa-macro-f1");
    await expect(callerFor(await createUser()).scoringRule.get({ slug: challenge.slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(await createUser("host")).scoringRule.get({ slug: challenge.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("should preview a change on the sample submission and the baseline without storing anything", async () => {
    const rule: ScoringRule = { ...pqBySq, metric: { id: "f1-at-iou", params: { threshold: 0.7 } }, ranking: { output: "score", direction: "higher", tieBreak: "earlier-submission" }, columns: [] };
    const preview = await callerFor(host).scoringRule.preview({ slug: challenge.slug, rule });
    expect(preview.changes).toEqual([
      "metric: dsb2018-map → f1-at-iou",
      'metric.params.aggregate: (none) → "pooled"',
      "metric.params.threshold: (none) → 0.7",
      "privateBoard: private-images → all-test-images",
    ]);
    const params = { threshold: 0.7, aggregate: "pooled" };
    const baselineNow = await getPrisma().submission.findUniqueOrThrow({ where: { id: submissions[0]!.id } });
    expect(preview.cases.map((c) => [c.kind, c.name, c.error])).toEqual([["sample", "sample_submission.csv", null], ["baseline", "baseline.csv", null]]);
    expect(preview.cases[0]!.proposed!.public).toBeCloseTo(score("f1-at-iou", SAMPLE_SUBMISSION, params).public!, 12);
    expect(preview.cases[1]!.current).toEqual({ public: baselineNow.publicScore, private: baselineNow.privateScore });
    expect(preview.cases[1]!.proposed!.public).toBeCloseTo(score("f1-at-iou", KNOWN_ANSWER_SUBMISSION, params).public!, 12);
    // All test images on the private board: the score over every test row.
    expect(preview.cases[1]!.proposed!.private).toBeCloseTo(score("f1-at-iou", KNOWN_ANSWER_SUBMISSION, params).score, 12);
    expect((await getPrisma().challenge.findUniqueOrThrow({ where: { id: challenge.id } })).scoringRuleVersion).toBe(1);
  });

  it("should refuse a rule that does not fit its metric, naming each field", async () => {
    const bad: ScoringRule = { ...pqBySq, ranking: { output: "sq", direction: "lower", tieBreak: "earlier-submission" }, columns: ["dice"], metric: { id: "panoptic-quality", params: { aggregate: "sum" } } };
    const refusal = callerFor(host).scoringRule.update({ slug: challenge.slug, rule: bad });
    await expect(refusal).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(refusal).rejects.toThrow(/ranking\.direction: .*higher-is-better.*columns\[0\]: "dice" is not an output.*Metric parameters: aggregate/);
    await expect(callerFor(host).scoringRule.update({ slug: challenge.slug, rule: { ...pqBySq, metric: { id: "hpa-macro-f1", params: {} } } })).rejects.toThrow(/metric\.id: "hpa-macro-f1" is not a metric this challenge can use/);
    expect((await getPrisma().challenge.findUniqueOrThrow({ where: { id: challenge.id } })).scoringRuleVersion).toBe(1);
  });

  it("should save a change as a new version, offer a re-score, and rank the re-scored boards by the new rule", async () => {
    const saved = await callerFor(host).scoringRule.update({ slug: challenge.slug, rule: pqBySq });
    expect(saved).toMatchObject({ changed: true, version: 2, rescore: [{ phaseId: challenge.phaseId, scored: 2, outdated: 2 }] });
    expect(saved.changes).toContain("metric: dsb2018-map → panoptic-quality");
    const stored = await getPrisma().challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(stored).toMatchObject({ metricId: "panoptic-quality", metricParams: { aggregate: "pooled", maxObjectsPerImage: 1000 }, scoringRuleVersion: 2 });
    const read = await callerFor(host).scoringRule.get({ slug: challenge.slug });
    expect(read.history.map((h) => [h.version, h.changedBy])).toEqual([[2, host.name]]);
    expect(read.history[0]!.changes).toEqual(saved.changes);

    // Scores computed before keep their version until re-scored.
    expect((await getPrisma().submission.findUniqueOrThrow({ where: { id: submissions[1]!.id } })).scoringRuleVersion).toBe(1);
    expect((await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "public" })).statistics).not.toBeNull();
    expect(await callerFor(host).submission.rescorePhase({ phaseId: challenge.phaseId })).toEqual({ requeued: 2 });
    // The intervals described the scores before: gone until computed again.
    expect(await getPrisma().boardStatistics.count({ where: { phaseId: challenge.phaseId } })).toBe(0);
    for (const s of submissions) expect(await processSubmission(s.id, { workerId: "scoring-rules" })).toBe("scored");
    for (const s of submissions) {
      const row = await getPrisma().submission.findUniqueOrThrow({ where: { id: s.id } });
      const report = score("panoptic-quality", s.file, { aggregate: "pooled" });
      expect(row.scoringRuleVersion).toBe(2);
      const publicPart = scoreText("panoptic-quality", CUSTOM_TRUTH.split("\n").filter((l) => !l.endsWith(",Private")).join("\n"), s.file.split("\n").filter((l) => !/^[cd],/.test(l)).join("\n"), { aggregate: "pooled" });
      if (!publicPart.ok) throw new Error(publicPart.error.message);
      expect(row.publicScore).toBeCloseTo(publicPart.value.outputs.sq!, 12);
      expect(row.privateScore).toBeCloseTo(report.outputs.sq!, 12);
      expect((row.boardOutputs as { public: Record<string, number> }).public.rq).toBeCloseTo(publicPart.value.outputs.rq!, 12);
    }
    const board = await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "public" });
    expect(board).toMatchObject({ rankedBy: "segmentation quality", tieBreak: "shared-rank", columns: [{ key: "rq", label: "recognition quality" }] });
    expect(board.entries.every((e) => typeof e.columns.rq === "number")).toBe(true);
    const scores = board.entries.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await callerFor(host).submission.byId({ id: submissions[1]!.id })).scoringRuleVersion).toBe(2);
  });

  it("should save nothing for an unchanged rule, and refuse a save based on an older version", async () => {
    expect(await callerFor(host).scoringRule.update({ slug: challenge.slug, rule: pqBySq })).toMatchObject({ changed: false, version: 2, changes: [] });
    const stale = await scoringRuleRepository.saveVersion({ challengeId: challenge.id, expectedVersion: 1, rule: pqBySq, metricId: "panoptic-quality", metricParams: {}, changes: ["x"], userId: host.id });
    expect(stale).toBeNull();
  });

  it("should refuse the Ladder while the boards rank an output without per-image states", async () => {
    await expect(callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, ladder: true })).rejects.toThrow(/Ladder\) needs per-image states of the ranked output, which output "sq" does not have/);
  });

  it("should rank a lower-is-better custom scorer lowest first once it is live", async () => {
    const source = EXAMPLE_SCORER_SOURCE.replace('id: "f-beta-at-iou"', 'id: "f-beta-miss"')
      .replace('label: "F-beta", higherIsBetter: true', 'label: "1 - F-beta", higherIsBetter: false')
      .replace("const f = ([tp, fp, fn]) => (", "const f = ([tp, fp, fn]) => 1 - (");
    const uploaded = await callerFor(host).customScorer.upload({ challengeSlug: challenge.slug, filename: "miss.js", source, params: { beta: 1 }, knownAnswers: [] });
    expect(uploaded.problems).toEqual([]);
    const live = await callerFor(host).customScorer.setChallengeScorer({ challengeSlug: challenge.slug, customScorerVersionId: uploaded.version!.id });
    expect(live.rule).toMatchObject({ changed: true, version: 3 });
    const rule = await callerFor(host).scoringRule.get({ slug: challenge.slug });
    expect(rule.rule).toMatchObject({ metric: { id: "custom:f-beta-miss@1.0.0" }, ranking: { output: "score", direction: "lower" }, columns: [] });
    await callerFor(host).submission.rescorePhase({ phaseId: challenge.phaseId });
    for (const s of submissions) expect(await processSubmission(s.id, { workerId: "scoring-rules" })).toBe("scored");
    const board = await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "public" });
    expect(board.higherIsBetter).toBe(false);
    const scores = board.entries.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[0]).toBeLessThan(scores[1]!);
    // A custom scorer keeps no per-image states: the job leaves the boards without intervals.
    expect(await computeBoardStatistics(challenge.phaseId)).toMatch(/no per-image states for custom:f-beta-miss@1\.0\.0/);
    expect((await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "public" })).statistics).toBeNull();
  });
});
