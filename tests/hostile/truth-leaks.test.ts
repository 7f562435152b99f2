// Hostile corpus, hidden truth: what participants can read during an open phase, and what a
// second challenge on the same test images must not reveal early.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";
import { expectNothingStored, expectStillScores, quotaUsed, storageSnapshot } from "./support";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const DAY = 24 * 3600_000;
const SEGMENTATION_CONTRACT = { task: "segmentation", channels: "grey", size: { kind: "dynamic", stride: 32 } };

async function datasetSlugOf(challengeId: string): Promise<string> {
  const row = await getPrisma().challenge.findUniqueOrThrow({ where: { id: challengeId }, select: { dataset: { select: { slug: true } } } });
  return row.dataset.slug;
}

async function closePhase(phaseId: string, at = new Date(Date.now() - 1000)): Promise<void> {
  await getPrisma().phase.update({ where: { id: phaseId }, data: { endsAt: at, startsAt: new Date(at.getTime() - DAY) } });
}

async function scored(user: SessionUser, slug: string, content = PERFECT_TINY_SUBMISSION): Promise<string> {
  const { id } = await callerFor(user).submission.create(uploadStream(slug, content));
  expect(await processSubmission(id, { workerId: "hostile-truth" })).toBe("scored");
  return id;
}

describe("hostile corpus: hidden truth", () => {
  let participant: SessionUser;
  let host: SessionUser;

  beforeAll(async () => {
    participant = await createUser();
    host = await createUser("host");
  });

  it("should give a header-only DSB submission no per-image rows and no object counts", async () => {
    const challenge = await createChallenge();
    const id = await scored(participant, challenge.slug, "ImageId,EncodedPixels\n");
    const dto = await callerFor(participant).submission.byId({ id });
    expect(dto.publicScore).toBe(0);
    expect(dto.breakdown.perItem).toEqual([]);
    expect(JSON.stringify(dto)).not.toMatch(/tp50|fn50|fp50|img-priv|img-pub/);
  });

  it("should not name the public test images anywhere a participant can read", async () => {
    const challenge = await createChallenge();
    const id = await scored(participant, challenge.slug);
    const everything = JSON.stringify([
      await callerFor(participant).submission.byId({ id }),
      await callerFor(participant).submission.mine({ challenge: challenge.slug }),
      await callerFor(participant).leaderboard.get({ challenge: challenge.slug }),
      await callerFor(null).challenge.bySlug({ slug: challenge.slug }),
    ]);
    expect(everything).not.toContain("img-pub");
    expect(everything).not.toContain("img-priv");
  });

  it("should keep a closed challenge's private results hidden while another challenge on the same test images runs", async () => {
    const first = await createChallenge({ hostId: host.id });
    const id = await scored(participant, first.slug);
    // A second challenge on the same dataset, running a week longer than the first.
    const second = await callerFor(host).challenge.create({
      slug: `second-${first.slug}`,
      title: "Second challenge on the same images",
      summary: "shares a test set",
      datasetSlug: await datasetSlugOf(first.id),
      phase: { startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + 7 * DAY) },
    });
    expect(second.notice).toMatch(/also back .*Challenge .*revealed together, once the last phase on them has closed/);
    await closePhase(first.phaseId);

    await expect(callerFor(participant).leaderboard.get({ challenge: first.slug, board: "private" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/revealed when every phase using this test set has closed, on .*backs 2 challenges/),
    });
    const dto = await callerFor(participant).submission.byId({ id });
    expect(dto.privateScore).toBeNull();
    expect(dto.breakdown.perItem).toEqual([]);
    expect((await callerFor(participant).submission.mine({ challenge: first.slug }))[0]?.privateScore).toBeNull();
    // The first challenge's host still sees everything.
    expect((await callerFor(host).submission.byId({ id })).breakdown.perItem).toHaveLength(2);

    // Once the second challenge has closed too, everything is revealed.
    const secondPhase = await getPrisma().phase.findFirstOrThrow({ where: { challenge: { slug: second.slug } }, select: { id: true } });
    await closePhase(secondPhase.id);
    const revealed = await callerFor(participant).submission.byId({ id });
    expect(revealed.privateScore).toBe(1);
    expect(revealed.breakdown.perItem.map((i) => i.id).sort()).toEqual(["img-priv", "img-pub"]);
    expect((await callerFor(null).leaderboard.get({ challenge: first.slug, board: "private" })).entries[0]?.score).toBe(1);
  });

  it("should refuse to open a challenge on a test set that has been revealed, storing nothing", async () => {
    const closed = await createChallenge({ hostId: host.id });
    await closePhase(closed.phaseId);
    const before = await storageSnapshot();
    await expect(
      callerFor(host).challenge.create({
        slug: `reuse-${closed.slug}`,
        title: "Reusing revealed images",
        summary: "should be refused",
        datasetSlug: await datasetSlugOf(closed.id),
        phase: { startsAt: new Date(), endsAt: new Date(Date.now() + DAY) },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/were revealed on .*cannot be a new challenge's hidden test set/) });
    await expectNothingStored(before);
  });

  it("should refuse to reopen a phase whose test set has been revealed, changing nothing", async () => {
    const closed = await createChallenge({ hostId: host.id });
    await closePhase(closed.phaseId);
    const phaseBefore = await getPrisma().phase.findUniqueOrThrow({ where: { id: closed.phaseId } });
    await expect(callerFor(host).challenge.updatePhase({ phaseId: closed.phaseId, endsAt: new Date(Date.now() + DAY) })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/were revealed on .*cannot be reopened or extended/),
    });
    expect(await getPrisma().phase.findUniqueOrThrow({ where: { id: closed.phaseId } })).toEqual(phaseBefore);
    // Quotas of a closed phase may still change: only reopening is refused.
    await expect(callerFor(host).challenge.updatePhase({ phaseId: closed.phaseId, dailyQuota: 7 })).resolves.toMatchObject({ dailyQuota: 7 });
  });

  it("should hide a transfer score on a test set still in use from everyone but the target's hosts", async () => {
    const source = await createChallenge();
    const target = await createChallenge({ hostId: host.id });
    const owner = await createUser();
    const model = await getPrisma().submission.create({
      data: { userId: owner.id, challengeId: source.id, phaseId: source.phaseId, kind: "onnx_model", filename: "model.onnx", blobKey: "submissions/x/upload", sizeBytes: 1, sha256: "0", status: "scored", publicScore: 0.5 },
      select: { id: true },
    });
    await getPrisma().transferEvaluation.create({
      data: { submissionId: model.id, targetChallengeId: target.id, requestedById: host.id, status: "scored", score: 0.4321, result: { byCondition: { column: "condition", rows: [{ value: "a", images: 1, score: 0.4321 }] } } },
    });
    for (const viewer of [null, owner, participant]) {
      const table = await callerFor(viewer).challenge.transfers({ slug: source.slug });
      const cell = table.rows[0]?.cells[target.slug];
      expect(cell).toMatchObject({ status: "scored", score: null, byCondition: null, errorMessage: null });
      expect(cell?.hiddenUntil).toBeInstanceOf(Date);
      expect(JSON.stringify(table)).not.toContain("0.4321");
    }
    expect((await callerFor(host).challenge.transfers({ slug: source.slug })).rows[0]?.cells[target.slug]?.score).toBe(0.4321);
    await closePhase(target.phaseId);
    expect((await callerFor(null).challenge.transfers({ slug: source.slug })).rows[0]?.cells[target.slug]?.score).toBe(0.4321);
  });

  it("should refuse a model owner's transfer onto a closed challenge whose test images another challenge still uses", async () => {
    const source = await createChallenge();
    const target = await createChallenge({ hostId: host.id });
    await getPrisma().challenge.updateMany({ where: { id: { in: [source.id, target.id] } }, data: { modelContract: SEGMENTATION_CONTRACT, submissionKinds: ["prediction_csv", "onnx_model"] } });
    const owner = await createUser();
    const model = await getPrisma().submission.create({
      data: { userId: owner.id, challengeId: source.id, phaseId: source.phaseId, kind: "onnx_model", filename: "model.onnx", blobKey: "submissions/y/upload", sizeBytes: 1, sha256: "0", status: "scored", publicScore: 0.5 },
      select: { id: true },
    });
    // The target closes, but a sibling challenge on its test images runs a day longer.
    await callerFor(host).challenge.create({
      slug: `sibling-${target.slug}`,
      title: "Sibling on the target's images",
      summary: "still running",
      datasetSlug: await datasetSlugOf(target.id),
      phase: { startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY) },
    });
    await closePhase(target.phaseId);
    const before = await storageSnapshot();
    await expect(callerFor(owner).submission.transfer({ submissionId: model.id, targetSlug: target.slug })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/still running; models can be evaluated on it when every phase using this test set has closed/),
    });
    await expectNothingStored(before);
  });

  it("should not reveal the private score in the submission list or quota during the phase", async () => {
    const challenge = await createChallenge();
    const before = await quotaUsed(participant, challenge.slug);
    await scored(participant, challenge.slug);
    const [row] = await callerFor(participant).submission.mine({ challenge: challenge.slug });
    expect(row).toMatchObject({ status: "scored", publicScore: 1, privateScore: null });
    expect(await quotaUsed(participant, challenge.slug)).toEqual({ today: before.today + 1, total: before.total + 1 });
  });

  it("should still take and score submissions afterwards", async () => {
    await expectStillScores();
  }, 60_000);
});
