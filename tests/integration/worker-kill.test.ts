import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { submissionRepository } from "../../server/repositories/submission-repository";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, settleOtherFilesJobs, uploadStream } from "../support/fixtures";
import { workerProcesses } from "../support/worker-processes";

const workers = workerProcesses(90_000);
const startWorker = workers.start;
const waitFor = workers.waitFor;

// Workers here must see only the jobs this file makes.
beforeAll(settleOtherFilesJobs);

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await disconnectPrisma();
});

describe("scoring workers", () => {
  it("should have another worker finish a submission whose worker was killed mid-job", async () => {
    const user = await createUser();
    const challenge = await createChallenge();
    // This worker claims the job, then dawdles long enough to be killed while "running".
    const doomed = startWorker({ SCOPEBENCH_TEST_JOB_DELAY_MS: "600000" });
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));

    const claimed = await waitFor("the first worker's claim", async () => {
      const s = await getPrisma().submission.findUnique({ where: { id }, select: { status: true, leaseOwner: true } });
      return s?.status === "running" ? s : undefined;
    });
    doomed.kill("SIGKILL");

    startWorker();
    const finished = await waitFor("the takeover", async () => {
      const s = await getPrisma().submission.findUnique({
        where: { id },
        select: { status: true, attempt: true, takeovers: true, publicScore: true },
      });
      return s && s.status !== "running" && s.status !== "queued" ? s : undefined;
    });
    expect(finished).toMatchObject({ status: "scored", publicScore: 1, takeovers: 1, attempt: 2 });
    // The dead worker's late write (attempt 1) is fenced off and changes nothing.
    const late = await submissionRepository.finish(
      { kind: "scoring", id, owner: claimed.leaseOwner!, attempt: 1 },
      { status: "failed", failureKind: "error", errorMessage: "late", scoringMs: 1 },
    );
    expect(late).toBe(false);
    expect(await getPrisma().submission.findUnique({ where: { id }, select: { status: true, errorMessage: true } })).toEqual({ status: "scored", errorMessage: null });
  });

  it("should write the result once even when the same job runs again", async () => {
    const user = await createUser();
    const challenge = await createChallenge();
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    const { processSubmission } = await import("../../server/services/scoring/process-submission");
    // The queued job may be picked by the worker still running from the previous test; both
    // paths race for the same claim and only one may score.
    const outcomes = await Promise.all([
      processSubmission(id, { workerId: "a" }),
      processSubmission(id, { workerId: "b" }),
    ]);
    const s = await waitFor("scoring", async () => {
      const row = await getPrisma().submission.findUnique({ where: { id }, select: { status: true, attempt: true, finishedAt: true } });
      return row?.status === "scored" ? row : undefined;
    });
    expect(outcomes.filter((o) => o === "scored").length).toBeLessThanOrEqual(1);
    expect(s.attempt).toBe(1);
    const again = await processSubmission(id, { workerId: "c" });
    expect(again).toBe("skipped");
    const after = await getPrisma().submission.findUnique({ where: { id }, select: { attempt: true, finishedAt: true } });
    expect(after).toEqual({ attempt: 1, finishedAt: s.finishedAt });
  });

  it("should let a host re-score a whole phase", async () => {
    const host = await createUser("host");
    const user = await createUser();
    const challenge = await createChallenge({ hostId: host.id });
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    await waitFor("scoring", async () => {
      const s = await getPrisma().submission.findUnique({ where: { id }, select: { status: true } });
      return s?.status === "scored" ? true : undefined;
    });
    const { requeued } = await callerFor(host).submission.rescorePhase({ phaseId: challenge.phaseId });
    expect(requeued).toBe(1);
    const rescored = await waitFor("re-scoring", async () => {
      const s = await getPrisma().submission.findUnique({ where: { id }, select: { status: true, attempt: true, publicScore: true } });
      return s?.status === "scored" && s.attempt === 2 ? s : undefined;
    });
    expect(rescored.publicScore).toBe(1);
  });

  it("should run the committed models of a stage that has opened, with no one but a worker's tick to notice", async () => {
    const user = await createUser();
    const challenge = await createChallenge();
    await getPrisma().challenge.update({ where: { id: challenge.id }, data: { submissionKinds: ["prediction_csv", "onnx_model"] } });
    const stage1 = await getPrisma().phase.update({ where: { id: challenge.phaseId }, data: { endsAt: new Date(Date.now() - 60_000) }, select: { endsAt: true } });
    // A scored model of stage 1 (the row only: the run's own scoring is not what is tested here).
    const model = await getPrisma().submission.create({
      data: { userId: user.id, challengeId: challenge.id, phaseId: challenge.phaseId, kind: "onnx_model", filename: "m.onnx", blobKey: "submissions/none/model", sizeBytes: 1, sha256: "0".repeat(64), status: "scored", publicScore: 0.5 },
      select: { id: true },
    });
    const stage2 = await getPrisma().phase.create({
      data: { challengeId: challenge.id, name: "Stage 2", position: 1, startsAt: stage1.endsAt, endsAt: new Date(Date.now() + 3_600_000), dailyQuota: 0, totalQuota: 0, committedModels: true },
      select: { id: true },
    });
    startWorker();
    const run = await waitFor("the committed model's run", () => getPrisma().submission.findFirst({ where: { phaseId: stage2.id }, select: { committedFromId: true, userId: true } }).then((r) => r ?? undefined));
    expect(run).toEqual({ committedFromId: model.id, userId: user.id });
  });
});
