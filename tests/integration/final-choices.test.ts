// Final submissions (Kaggle's "select for final score"): a participant chooses up to the
// phase's finalChoices scored submissions before it ends, and the private board ranks the best
// private score among them; without a choice, the private score of the best public one.
// Scores are written straight into the rows (the scorers are tested elsewhere).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { boardStatisticsRepository } from "../../server/repositories/board-statistics-repository";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

let challenge: Awaited<ReturnType<typeof createChallenge>>;
let host: SessionUser;
let ann: SessionUser;
let bob: SessionUser;
const ids: Record<string, string> = {};

async function scored(user: SessionUser, name: string, publicScore: number, privateScore: number) {
  const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION, `${name}.csv`));
  await getPrisma().submission.update({ where: { id }, data: { status: "scored", publicScore, privateScore, finishedAt: new Date() } });
  ids[name] = id;
}

const privateBoard = async () =>
  (await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "private" })).entries.map((e) => [e.participant, e.score, e.submissionId]);
const choose = (user: SessionUser, name: string, chosen = true) => callerFor(user).submission.chooseFinal({ id: ids[name]!, chosen });

beforeAll(async () => {
  host = await createUser("host");
  challenge = await createChallenge({ hostId: host.id, dailyQuota: 20, totalQuota: 20 });
  ann = await createUser();
  bob = await createUser();
  // Ann's best public submission is her worst private one.
  await scored(ann, "a1", 0.9, 0.5);
  await scored(ann, "a2", 0.8, 0.7);
  await scored(ann, "a3", 0.7, 0.95);
  await scored(bob, "b1", 0.85, 0.6);
});

describe("final submissions", () => {
  it("should rank the best public submission's private score without a choice", async () => {
    expect(await privateBoard()).toEqual([
      [bob.name, 0.6, ids.b1],
      [ann.name, 0.5, ids.a1],
    ]);
    expect((await callerFor(ann).submission.quota({ slug: challenge.slug }))?.finalChoices).toMatchObject({ chosen: 0, limit: 2 });
  });

  it("should rank the best private score among the chosen, up to the phase's limit", async () => {
    expect(await choose(ann, "a2")).toMatchObject({ chosen: 1, limit: 2 });
    expect(await privateBoard()).toEqual([
      [ann.name, 0.7, ids.a2],
      [bob.name, 0.6, ids.b1],
    ]);
    expect(await choose(ann, "a3")).toMatchObject({ chosen: 2 });
    expect((await privateBoard())[0]).toEqual([ann.name, 0.95, ids.a3]);
    await expect(choose(ann, "a1")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/You have chosen 2 submissions for the private board of Stage 1 already/) });
    // The statistics job ranks the same submissions.
    const entries = await boardStatisticsRepository.entries(challenge.phaseId, { higherIsBetter: true, ladder: false, board: "private" });
    expect(entries.find((e) => e.userId === ann.id)?.submissionId).toBe(ids.a3);
    expect((await boardStatisticsRepository.entries(challenge.phaseId, { higherIsBetter: true, ladder: false, board: "public" })).find((e) => e.userId === ann.id)?.submissionId).toBe(ids.a1);

    expect(await choose(ann, "a3", false)).toMatchObject({ chosen: 1 });
    expect((await privateBoard())[0]).toEqual([ann.name, 0.7, ids.a2]);
    const mine = await callerFor(ann).submission.mine({ challenge: challenge.slug });
    expect(mine.filter((s) => s.chosen).map((s) => s.id)).toEqual([ids.a2]);
    // The public board is untouched.
    expect((await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "public" })).entries.map((e) => e.score)).toEqual([0.9, 0.85]);
  });

  it("should refuse another participant's submission and an unscored one", async () => {
    await expect(choose(bob, "a1")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { id } = await callerFor(bob).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION, "queued.csv"));
    await expect(callerFor(bob).submission.chooseFinal({ id, chosen: true })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Only a scored submission/) });
  });

  it("should let two concurrent choices take only the places left", async () => {
    await callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, finalChoices: 2 });
    await choose(ann, "a2", false);
    await callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, finalChoices: 1 });
    const outcomes = await Promise.allSettled([choose(ann, "a1"), choose(ann, "a3")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await getPrisma().submission.count({ where: { userId: ann.id, chosenAt: { not: null } } })).toBe(1);
  });

  it("should keep the choices once the phase has ended", async () => {
    await callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 1_000) });
    await expect(choose(bob, "b1")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Stage 1 closed on .* UTC; final submissions can no longer be changed/) });
  });
});
