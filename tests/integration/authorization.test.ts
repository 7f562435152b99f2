import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { createApiToken } from "../../server/services/token/create-api-token";
import { createTRPCContext } from "../../server/api/trpc";
import { createCaller } from "../../server/api/root";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

describe("authorization", () => {
  let alice: Awaited<ReturnType<typeof createUser>>;
  let bob: Awaited<ReturnType<typeof createUser>>;
  let host: Awaited<ReturnType<typeof createUser>>;
  let challenge: Awaited<ReturnType<typeof createChallenge>>;
  let submissionId: string;

  beforeAll(async () => {
    alice = await createUser();
    bob = await createUser();
    host = await createUser("host");
    challenge = await createChallenge({ hostId: host.id });
    ({ id: submissionId } = await callerFor(alice).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION)));
    expect(await processSubmission(submissionId, { workerId: "test" })).toBe("scored");
  });

  it("should refuse anonymous uploads", async () => {
    await expect(callerFor(null).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION))).rejects.toThrow(/Sign in/);
  });

  it("should hide a submission from other participants", async () => {
    await expect(callerFor(bob).submission.byId({ id: submissionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("should show the owner the public score but not the private score while the phase runs", async () => {
    const own = await callerFor(alice).submission.byId({ id: submissionId });
    expect(own.status).toBe("scored");
    expect(own.publicScore).toBe(1);
    expect(own.privateScore).toBeNull();
    // No per-image rows (they would name the public images); aggregates over public images only.
    expect(own.breakdown.scope).toBe("public");
    expect(own.breakdown.perItem).toEqual([]);
    expect(own.breakdown.perThreshold.every((t) => t.value === 1)).toBe(true);
    expect(own.revealAt?.getTime()).toBeGreaterThan(Date.now());
    const mine = await callerFor(alice).submission.mine({ challenge: challenge.slug });
    expect(mine[0]?.privateScore).toBeNull();
  });

  it("should refuse the private leaderboard to participants while the phase runs", async () => {
    await expect(callerFor(alice).leaderboard.get({ challenge: challenge.slug, board: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(null).leaderboard.get({ challenge: challenge.slug, board: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const board = await callerFor(alice).leaderboard.get({ challenge: challenge.slug, board: "public" });
    expect(board.entries).toHaveLength(1);
    expect(board.entries[0]).toMatchObject({ rank: 1, score: 1, participant: alice.name });
  });

  it("should let the host see private scores at any time", async () => {
    const asHost = await callerFor(host).submission.byId({ id: submissionId });
    expect(asHost.privateScore).toBe(1);
    expect(asHost.breakdown.perItem).toHaveLength(2);
    const board = await callerFor(host).leaderboard.get({ challenge: challenge.slug, board: "private" });
    expect(board.entries[0]?.score).toBe(1);
  });

  it("should keep participants out of host actions", async () => {
    await expect(callerFor(alice).submission.rescore({ id: submissionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const otherHost = await createUser("host");
    await expect(callerFor(otherHost).submission.rescore({ id: submissionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("should let the host, and only the host, cancel a queued submission", async () => {
    const { id } = await callerFor(alice).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    await expect(callerFor(alice).submission.cancel({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await callerFor(host).submission.cancel({ id });
    expect((await callerFor(alice).submission.byId({ id })).status).toBe("cancelled");
    // A job still in the queue for it does nothing.
    expect(await processSubmission(id, { workerId: "test" })).toBe("skipped");
    await expect(callerFor(host).submission.cancel({ id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("should let only the challenge's hosts change a phase's quota rules", async () => {
    await expect(callerFor(alice).challenge.updatePhase({ phaseId: challenge.phaseId, dailyQuota: 50 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const otherHost = await createUser("host");
    await expect(callerFor(otherHost).challenge.updatePhase({ phaseId: challenge.phaseId, dailyQuota: 50 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const updated = await callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, dailyQuota: 50, failedCountTowardsQuota: true });
    expect(updated).toMatchObject({ dailyQuota: 50, failedCountTowardsQuota: true });
    await expect(
      callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, startsAt: new Date(Date.now() + 10 * 24 * 3600_000) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The phase must start before it ends." });
    const quota = await callerFor(alice).submission.quota({ slug: challenge.slug });
    expect(quota?.dailyQuota).toBe(50);
  });

  it("should reveal private scores to everyone after the phase ends", async () => {
    await getPrisma().phase.update({ where: { id: challenge.phaseId }, data: { endsAt: new Date(Date.now() - 1000) } });
    const own = await callerFor(alice).submission.byId({ id: submissionId });
    expect(own.privateScore).toBe(1);
    const board = await callerFor(bob).leaderboard.get({ challenge: challenge.slug, board: "private" });
    expect(board.entries[0]?.score).toBe(1);
    await expect(callerFor(alice).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/closed on/),
    });
  });

  it("should authenticate API tokens and refuse revoked ones", async () => {
    const { token, secret } = await createApiToken({ userId: alice.id, name: "cli" });
    const ctx = await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${secret}` }), resolveSession: async () => null });
    expect(ctx.session?.user.id).toBe(alice.id);
    await callerFor(alice).user.revokeToken({ id: token.id });
    const revoked = await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${secret}` }), resolveSession: async () => null });
    await expect(createCaller(revoked).submission.mine({ challenge: challenge.slug })).rejects.toThrow(/Invalid or revoked API token/);
  });
});
