import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "../../server/env";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

describe("submission quota", () => {
  it("should accept exactly the quota out of 50 concurrent uploads", async () => {
    const user = await createUser();
    const challenge = await createChallenge({ dailyQuota: 5, totalQuota: 100 });
    const caller = callerFor(user);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => caller.submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION))),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(45);
    for (const r of refused) expect(String(r.reason.message)).toMatch(/used all 5 submissions for today/);

    const rows = await getPrisma().submission.count({ where: { userId: user.id } });
    expect(rows).toBe(5);
    // Refused uploads leave no file behind.
    const dir = path.join(env.blobDir, "submissions");
    const stored = fs.readdirSync(dir).filter((id) =>
      fs.readdirSync(path.join(dir, id)).some((f) => f === "upload"),
    );
    const ours = await getPrisma().submission.findMany({ where: { userId: user.id }, select: { id: true } });
    for (const { id } of ours) expect(stored).toContain(id);
    const leftovers = fs.readdirSync(dir).flatMap((id) => fs.readdirSync(path.join(dir, id)).filter((f) => f.includes(".tmp-")));
    expect(leftovers).toEqual([]);

    const quota = await caller.submission.quota({ slug: challenge.slug });
    expect(quota).toMatchObject({ usedToday: 5, remainingToday: 0, remainingTotal: 95 });
  });

  it("should enforce the total quota across days", async () => {
    const user = await createUser();
    const challenge = await createChallenge({ dailyQuota: 10, totalQuota: 2 });
    const caller = callerFor(user);
    await caller.submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    await caller.submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    await expect(caller.submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION))).rejects.toThrow(
      /used all 2 submissions of phase/,
    );
  });

  it("should not count failed submissions unless the phase says so", async () => {
    const user = await createUser();
    const lenient = await createChallenge({ dailyQuota: 1 });
    const strict = await createChallenge({ dailyQuota: 1, failedCountTowardsQuota: true });
    const caller = callerFor(user);
    for (const challenge of [lenient, strict]) {
      const { id } = await caller.submission.create(uploadStream(challenge.slug, "bad header\n"));
      await getPrisma().submission.update({ where: { id }, data: { status: "failed", failureKind: "rejected" } });
    }
    await expect(caller.submission.create(uploadStream(lenient.slug, PERFECT_TINY_SUBMISSION))).resolves.toMatchObject({ status: "queued" });
    await expect(caller.submission.create(uploadStream(strict.slug, PERFECT_TINY_SUBMISSION))).rejects.toThrow(/used all 1 submissions/);
  });
});
