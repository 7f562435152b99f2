// Leaderboards that tell the truth, end to end on a real database, blob store and sandbox:
// per-image states stored for every scored submission, the boards' statistics computed from
// them the way the worker does, checked against independent computations (the per-image rows
// of the reports, `rankingStatistics` on a scores table as `npm run rank` reads it), and the
// Ladder guarding a public board.
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleNucleiSubmission, exampleProteinSubmission } from "../../datasets/example-entries";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import type { GeneratedItem } from "../../datasets/types";
import { trainingZip } from "../../datasets/zip-export";
import { HPA_CLASSES } from "../../scorers/hpa-macro-f1/classes";
import { getBlobStore } from "../../server/blob";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { env } from "../../server/env";
import { stopQueue } from "../../server/queue/scoring-queue";
import { rankingStatistics } from "../../server/ranking/ranking-statistics";
import { boardStatisticsRepository } from "../../server/repositories/board-statistics-repository";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { computeBoardStatistics, STATISTICS_ALPHA, STATISTICS_SEED } from "../../server/services/statistics/compute-board-statistics";
import { LADDER_PRECISION } from "../../server/services/statistics/ladder-step";
import { ZStoredBoardStatistics } from "../../server/services/statistics/stored-statistics";
import { callerFor, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;

interface PerItem {
  id: string;
  usage: string | null;
  score: number;
}

async function submit(user: SessionUser, slug: string, csv: string): Promise<string> {
  const { id } = await callerFor(user).submission.create(uploadStream(slug, csv));
  const outcome = await processSubmission(id, { workerId: "statistics-test" });
  if (outcome !== "scored") throw new Error(`${outcome}: ${(await getPrisma().submission.findUnique({ where: { id }, select: { errorMessage: true } }))?.errorMessage}`);
  return id;
}

const storedStatistics = async (phaseId: string, board: "public" | "private") =>
  ZStoredBoardStatistics.parse((await boardStatisticsRepository.find(phaseId, board))?.statistics);

describe("board statistics, DSB-style (a mean of per-image scores)", () => {
  const nuclei = syntheticNuclei.generate({ seed: 31, count: 60, sizes: [{ width: 48, height: 40 }] });
  const entries = [
    { name: "careful", seed: 1, missRate: () => 0.04 },
    { name: "close", seed: 2, missRate: () => 0.06 },
    { name: "fluorescence only", seed: 3, missRate: (m: Record<string, string | number>) => (m.condition === "fluorescence" ? 0.02 : 0.6) },
    { name: "sloppy", seed: 4, missRate: () => 0.35 },
  ];
  let host: SessionUser;
  let users: SessionUser[];
  let slug: string;
  let phaseId: string;
  let datasetId: string;
  const submissionOf = new Map<string, string>();

  beforeAll(async () => {
    host = await createUser("host");
    const outcome = await importDataset(zipSource(trainingZip(nuclei.items.map((item) => ({ ...item, split: "train" as const }))), "nuclei.zip"), {
      slug: "statistics-nuclei",
      name: "Nuclei for board statistics",
      split: { kind: "stratified", by: "condition", seed: 5, fractions: { train: 0.2, public_test: 0.4, private_test: 0.4 } },
    }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    datasetId = outcome.datasetId;
    ({ slug } = await callerFor(host).challenge.create({
      slug: "statistics-nuclei-challenge",
      title: "Nuclei with board statistics",
      summary: "Intervals, ranks and tests",
      datasetSlug: "statistics-nuclei",
      phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 48 * HOUR), dailyQuota: 20, totalQuota: 100 },
    }));
    phaseId = (await getPrisma().phase.findFirstOrThrow({ where: { challenge: { slug } }, select: { id: true } })).id;
    // The split as stored: the imported items with their stored splits, as the truth has them.
    const stored = await getPrisma().datasetItem.findMany({ where: { datasetId }, select: { imageId: true, split: true } });
    const splitOf = new Map(stored.map((row) => [row.imageId, row.split]));
    const items: GeneratedItem[] = nuclei.items.map((item) => ({ ...item, split: splitOf.get(item.imageId) as GeneratedItem["split"] }));
    users = [];
    for (const entry of entries) {
      const user = await createUser();
      await getPrisma().user.update({ where: { id: user.id }, data: { name: entry.name } });
      users.push({ ...user, name: entry.name });
      submissionOf.set(entry.name, await submit(user, slug, exampleNucleiSubmission(items, { ...entry })));
    }
    await computeBoardStatistics(phaseId);
  }, 300_000);

  it("should keep every scored submission's per-image states in the blob store and not in its stored report", async () => {
    for (const id of submissionOf.values()) {
      const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { imageStatesKey: true, result: true } });
      expect(row.imageStatesKey).toMatch(new RegExp(`^image-states/${id}/1\\.bin$`));
      expect(await getBlobStore().exists(row.imageStatesKey!)).toBe(true);
      expect(row.result).not.toHaveProperty("imageStates");
      expect(row.result).toHaveProperty("perItem");
    }
  });

  it("should give each entry its public score as the board shows it, inside its bootstrap interval, with ranks and per-condition scores", async () => {
    const board = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
    const stats = board.statistics;
    expect(stats).not.toBeNull();
    const publicImages = await getPrisma().datasetItem.count({ where: { datasetId, split: "public_test" } });
    expect(stats!).toMatchObject({ images: publicImages, resamples: env.STATISTICS_RESAMPLES, seed: STATISTICS_SEED, alpha: STATISTICS_ALPHA, test: "wilcoxon" });
    expect(board.entries.map((e) => e.participant).sort()).toEqual(["careful", "close", "fluorescence only", "sloppy"]);
    const stored = await storedStatistics(phaseId, "public");
    for (const entry of board.entries) {
      expect(entry.stats).not.toBeNull();
      const [lo, hi] = entry.stats!.ci;
      expect(lo).toBeLessThanOrEqual(entry.score);
      expect(hi).toBeGreaterThanOrEqual(entry.score);
      expect(entry.stats!.rankInterval[0]).toBeLessThanOrEqual(entry.rank);
      expect(entry.stats!.rankInterval[1]).toBeGreaterThanOrEqual(entry.stats!.medianRank);
      // The metric recomputed from the stored states is the scorer's own public score.
      expect(stored.entries.find((s) => s.userId === entry.userId)!.score).toBeCloseTo(entry.score, 12);
    }
    expect(board.statistics!.tiedWithLeader[0]).toBe(board.entries[0]!.participant);
    expect(board.statistics!.rankFrequencies.participants).toEqual(board.entries.map((e) => e.participant));
    expect(board.statistics!.rankFrequencies.counts.every((row) => row.reduce((a, b) => a + b, 0) === env.STATISTICS_RESAMPLES)).toBe(true);
    expect(board.statistics!.pairs).toHaveLength(6);
    // Participants do not learn how many public images a condition has.
    expect(board.statistics!.conditions!.values.every((v) => v.images === null)).toBe(true);
  });

  it("should compute per-condition scores over the public images with the metric itself (here the mean of the per-image rows)", async () => {
    const stats = (await callerFor(null).leaderboard.get({ challenge: slug, board: "public" })).statistics!;
    const metadata = await getPrisma().datasetItem.findMany({ where: { datasetId, split: "public_test" }, select: { imageId: true, metadata: true } });
    const conditionOf = new Map(metadata.map((m) => [m.imageId, String((m.metadata as Record<string, unknown>).condition)]));
    const groups = new Map<string, number>();
    for (const condition of conditionOf.values()) groups.set(condition, (groups.get(condition) ?? 0) + 1);
    expect(stats.conditions!.column).toBe("condition");
    expect(stats.conditions!.values.map((v) => v.value)).toEqual([...groups.entries()].filter(([, n]) => n >= 5).map(([value]) => value).sort());
    const board = await callerFor(host).leaderboard.get({ challenge: slug, board: "public" });
    for (const entry of board.entries) {
      const row = await getPrisma().submission.findUniqueOrThrow({ where: { id: entry.submissionId }, select: { result: true } });
      const perItem = (row.result as unknown as { perItem: PerItem[] }).perItem.filter((item) => item.usage === "Public");
      for (const value of stats.conditions!.values.map((v) => v.value)) {
        const scores = perItem.filter((item) => conditionOf.get(item.id) === value).map((item) => item.score);
        expect(entry.stats!.conditions[value]).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 12);
      }
    }
    // The entry tuned on fluorescence transfers badly: its gap between conditions is the largest.
    const tuned = board.entries.find((e) => e.participant === "fluorescence only")!.stats!.conditions;
    const others = Object.entries(tuned).filter(([value]) => value !== "fluorescence").map(([, score]) => score);
    expect(tuned.fluorescence! - Math.max(...others)).toBeGreaterThan(0.2);
  });

  it("should match rankingStatistics on the per-image scores table (what npm run rank computes), and be reproducible", async () => {
    const board = await callerFor(host).leaderboard.get({ challenge: slug, board: "public" });
    const perItems = await Promise.all(
      board.entries.map(async (entry) => {
        const row = await getPrisma().submission.findUniqueOrThrow({ where: { id: entry.submissionId }, select: { result: true } });
        return (row.result as unknown as { perItem: PerItem[] }).perItem.filter((item) => item.usage === "Public");
      }),
    );
    const images = perItems[0]!.map((item) => item.id);
    const scores = Float64Array.from(perItems.flatMap((items) => images.map((id) => items.find((item) => item.id === id)!.score)));
    const reference = rankingStatistics(
      { participants: board.entries.map((e) => e.userId), images, scores },
      { higherIsBetter: true, resamples: env.STATISTICS_RESAMPLES, seed: STATISTICS_SEED, alpha: STATISTICS_ALPHA, pairsTop: 20 },
    );
    const stored = await storedStatistics(phaseId, "public");
    expect(stored.entries.map((e) => [e.userId, e.ci, e.medianRank, e.rankInterval])).toEqual(reference.entries.map((e) => [e.participant, e.ci, e.medianRank, e.rankInterval]));
    expect(stored.pairs).toEqual(reference.pairs);
    expect(stored.kendallTau).toBe(reference.kendallTau);
    await computeBoardStatistics(phaseId);
    expect(await storedStatistics(phaseId, "public")).toEqual(stored);
  });

  it("should show hosts the private board's statistics and the shift from public to private", async () => {
    const board = await callerFor(host).leaderboard.get({ challenge: slug, board: "private" });
    const privateImages = await getPrisma().datasetItem.count({ where: { datasetId, split: "private_test" } });
    expect(board.statistics!.images).toBe(privateImages);
    // The private board's per-condition scores cover every test image, and say how many.
    expect(board.statistics!.conditions!.values.every((v) => v.images !== null && v.images > 0)).toBe(true);
    const publicBoard = await callerFor(host).leaderboard.get({ challenge: slug, board: "public" });
    expect(board.shift!.entries).toHaveLength(board.entries.length);
    expect(board.shift!.kendallTau).not.toBeNull();
    for (const entry of board.entries) {
      const pub = publicBoard.entries.find((e) => e.userId === entry.userId)!;
      expect(entry.shift).toEqual({ publicRank: pub.rank, publicScore: pub.score, gap: pub.score - entry.score });
    }
    expect(board.shift!.meanGap).toBeCloseTo(board.entries.reduce((s, e) => s + e.shift!.gap, 0) / board.entries.length, 12);
  });

  it("should replace a re-scored submission's states and remove the old ones", async () => {
    const id = submissionOf.get("sloppy")!;
    const before = (await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { imageStatesKey: true } })).imageStatesKey!;
    await callerFor(host).submission.rescore({ id });
    expect(await processSubmission(id, { workerId: "statistics-test" })).toBe("scored");
    const after = (await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { imageStatesKey: true } })).imageStatesKey!;
    expect(after).not.toBe(before);
    expect(await getBlobStore().exists(after)).toBe(true);
    expect(await getBlobStore().exists(before)).toBe(false);
  }, 120_000);

  describe("the Ladder", () => {
    it("should show each participant a rounded score, change it only for a significant improvement, and hide exact public scores until the reveal", async () => {
      const [careful] = users;
      const phase = (await callerFor(host).challenge.bySlug({ slug })).phases[0]!;
      expect(phase.ladder).toBe(false);
      await callerFor(host).challenge.updatePhase({ phaseId: phase.id, ladder: true });
      // The worker's job after the toggle replays the phase's submissions through the Ladder.
      await computeBoardStatistics(phaseId);
      const raw = await callerFor(host).leaderboard.get({ challenge: slug, board: "public" });
      const shown = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
      expect(shown.ladder).toBe(true);
      expect(shown.statistics).toBeNull();
      for (const entry of shown.entries) {
        const exact = await getPrisma().submission.findUniqueOrThrow({ where: { id: entry.submissionId }, select: { publicScore: true } });
        expect(entry.score).toBeCloseTo(Math.round(exact.publicScore! / LADDER_PRECISION) * LADDER_PRECISION, 12);
      }
      // Hosts still see the statistics of what the board shows.
      expect(raw.statistics).not.toBeNull();

      const stored = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId }, select: { items: { select: { imageId: true, split: true } } } });
      const splitOf = new Map(stored.items.map((row) => [row.imageId, row.split]));
      const items: GeneratedItem[] = nuclei.items.map((item) => ({ ...item, split: splitOf.get(item.imageId) as GeneratedItem["split"] }));
      const before = shown.entries.find((e) => e.userId === careful!.id)!.score;

      // Another draw at the same miss rate: noise, not progress.
      const noise = await submit(careful!, slug, exampleNucleiSubmission(items, { name: "noise", seed: 99, missRate: () => 0.04 }));
      const own = await callerFor(careful!).submission.byId({ id: noise });
      const exactNoise = (await getPrisma().submission.findUniqueOrThrow({ where: { id: noise }, select: { publicScore: true } })).publicScore!;
      expect(own.ladder).toBe(true);
      expect(own.publicScore).toBe(before);
      expect(own.breakdown.perThreshold).toEqual([]);
      expect((await callerFor(host).submission.byId({ id: noise })).publicScore).toBe(exactNoise);
      expect((await callerFor(careful!).submission.mine({ challenge: slug })).find((s) => s.id === noise)!.publicScore).toBe(before);

      // Every nucleus found: a real improvement, shown.
      const perfect = await submit(careful!, slug, exampleNucleiSubmission(items, { name: "perfect", seed: 100, missRate: () => 0 }));
      const after = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
      const exactPerfect = (await getPrisma().submission.findUniqueOrThrow({ where: { id: perfect }, select: { publicScore: true } })).publicScore!;
      expect(after.entries[0]).toMatchObject({ userId: careful!.id, submissionId: perfect });
      expect(after.entries[0]!.score).toBeCloseTo(Math.round(exactPerfect / LADDER_PRECISION) * LADDER_PRECISION, 12);
      expect(after.history.every((point) => Math.abs(point.score / LADDER_PRECISION - Math.round(point.score / LADDER_PRECISION)) < 1e-6)).toBe(true);

      // Off again: the plain board is back.
      await callerFor(host).challenge.updatePhase({ phaseId: phase.id, ladder: false });
      const plain = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
      expect(plain.ladder).toBe(false);
      expect(plain.entries[0]!.score).toBe(exactPerfect);
    }, 180_000);
  });
});

describe("board statistics, HPA-style (macro F1: not a mean of per-image scores)", () => {
  it("should compute every entry's score from summed per-sample states and test pairs with the paired bootstrap", async () => {
    const host = await createUser("host");
    const generated = syntheticProtein.generate({ seed: 12, count: 80, size: 32 });
    const zip = unzipSync(hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const }))));
    const outcome = await importDataset(zipSource(zipSync(zip), "hpa.zip"), {
      slug: "statistics-protein",
      name: "Protein for board statistics",
      split: { kind: "stratified", by: "cellLine", seed: 4, fractions: { train: 0.2, public_test: 0.4, private_test: 0.4 } },
    }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const { slug } = await callerFor(host).challenge.create({
      slug: "statistics-protein-challenge",
      title: "Protein with board statistics",
      summary: "Macro F1 intervals",
      datasetSlug: "statistics-protein",
      phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 48 * HOUR) },
    });
    const stored = await getPrisma().datasetItem.findMany({ where: { datasetId: outcome.datasetId }, select: { imageId: true, split: true } });
    const splitOf = new Map(stored.map((row) => [row.imageId, row.split]));
    const items = generated.items.map((item) => ({ ...item, split: splitOf.get(item.imageId) as (typeof item)["split"] }));
    for (const [i, missRate] of [0.05, 0.2, 0.5].entries()) {
      await submit(await createUser(), slug, exampleProteinSubmission(items, { name: `p${i}`, seed: 40 + i, missRate: () => missRate }, HPA_CLASSES.length));
    }
    const phaseId = (await getPrisma().phase.findFirstOrThrow({ where: { challenge: { slug } }, select: { id: true } })).id;
    await computeBoardStatistics(phaseId);
    const board = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
    expect(board.statistics!.test).toBe("paired-bootstrap");
    expect(board.statistics!.pairs).toHaveLength(3);
    const statistics = await storedStatistics(phaseId, "public");
    for (const entry of board.entries) {
      expect(statistics.entries.find((s) => s.userId === entry.userId)!.score).toBeCloseTo(entry.score, 12);
      // Not "score inside its interval": a macro F1 over rare classes is biased down on
      // resamples (a drawn set can lose a class's few samples), so on small test sets the
      // percentile interval can lie below the observed score (README, Leaderboards).
      expect(entry.stats!.ci[0]).toBeLessThanOrEqual(entry.stats!.ci[1]);
      expect(entry.stats!.ci[0]).toBeGreaterThanOrEqual(0);
      expect(entry.stats!.ci[1]).toBeLessThanOrEqual(1);
    }
    // Macro F1 over a condition is the metric on that condition's samples, not a mean of rows.
    expect(board.statistics!.conditions?.column).toBe("cellLine");
  }, 300_000);
});
