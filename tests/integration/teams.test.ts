// Teams on a real database: a team's members share its submissions, quota, board entry and
// final choices; invitations join a participant, or merge their whole team, before the
// host's merge deadline and only within what one team could have submitted; concurrent
// uploads by two members never exceed the team's quota.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { bundleUpload, callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;

async function scored(user: SessionUser, slug: string, publicScore: number, privateScore = publicScore): Promise<string> {
  const { id } = await callerFor(user).submission.create(uploadStream(slug, PERFECT_TINY_SUBMISSION, `${publicScore}.csv`));
  await getPrisma().submission.update({ where: { id }, data: { status: "scored", publicScore, privateScore, finishedAt: new Date() } });
  return id;
}

const inviteIdFor = async (user: SessionUser, slug: string) => (await callerFor(user).team.mine({ slug })).invites[0]!.id;

describe("teams", () => {
  let challenge: Awaited<ReturnType<typeof createChallenge>>;
  let host: SessionUser;
  let ann: SessionUser;
  let bob: SessionUser;
  let cat: SessionUser;
  let dan: SessionUser;

  beforeAll(async () => {
    host = await createUser("host");
    challenge = await createChallenge({ hostId: host.id, dailyQuota: 6, totalQuota: 6 });
    [ann, bob, cat, dan] = [await createUser(), await createUser(), await createUser(), await createUser()];
  });

  it("should form a team whose members share its submissions, board entry, quota and final choices", async () => {
    const slug = challenge.slug;
    const annFirst = await scored(ann, slug, 0.5);
    const team = await callerFor(ann).team.create({ slug, name: "Nucleators" });
    expect(team.members.map((m) => m.name)).toEqual([ann.name]);
    await expect(callerFor(ann).team.create({ slug, name: "Another" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/in a team in this challenge already/) });

    // Invited by name, Bob (with a submission of his own) joins: his submission becomes the team's.
    await scored(bob, slug, 0.7);
    await callerFor(ann).team.invite({ slug, user: bob.name });
    expect((await callerFor(bob).team.mine({ slug })).invites).toMatchObject([{ teamName: "Nucleators", members: [ann.name] }]);
    await callerFor(bob).team.accept({ inviteId: await inviteIdFor(bob, slug) });

    const board = await callerFor(cat).leaderboard.get({ challenge: slug, board: "public" });
    expect(board.entries.map((e) => [e.participant, e.score, e.submissions])).toEqual([["Nucleators", 0.7, 2]]);
    // Either member sees the team's submissions and quota, and chooses for it.
    expect((await callerFor(bob).submission.mine({ challenge: slug })).map((s) => s.submittedBy).sort()).toEqual([ann.name, bob.name].sort());
    expect(await callerFor(ann).submission.quota({ slug })).toMatchObject({ usedTotal: 2, remainingTotal: 4 });
    expect(await callerFor(bob).submission.chooseFinal({ id: annFirst, chosen: true })).toMatchObject({ chosen: 1, limit: 2 });
    expect((await callerFor(ann).submission.mine({ challenge: slug })).filter((s) => s.chosen).map((s) => s.id)).toEqual([annFirst]);
    expect((await callerFor(bob).submission.byId({ id: annFirst })).id).toBe(annFirst);
    await expect(callerFor(cat).submission.byId({ id: annFirst })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The Teams tab lists every team and its members.
    expect(await callerFor(null).team.list({ slug })).toMatchObject([{ name: "Nucleators", members: [{ name: ann.name }, { name: bob.name }] }]);
  });

  it("should count two members' concurrent uploads against one team quota, atomically", { timeout: 60_000 }, async () => {
    const slug = challenge.slug;
    // 2 of the team's 6 are used: of 8 concurrent uploads by two members, exactly 4 are taken.
    const uploads = [ann, bob, ann, bob, ann, bob, ann, bob].map((user, i) => callerFor(user).submission.create(uploadStream(slug, PERFECT_TINY_SUBMISSION, `race-${i}.csv`)));
    const outcomes = await Promise.allSettled(uploads);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected")) expect(o.reason).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await callerFor(bob).submission.quota({ slug })).toMatchObject({ usedTotal: 6, remainingTotal: 0 });
    const rows = await getPrisma().submission.findMany({ where: { phaseId: challenge.phaseId, submittedById: { in: [ann.id, bob.id] } }, select: { userId: true } });
    expect(new Set(rows.map((r) => r.userId)).size).toBe(1);
  });

  it("should refuse a merge that would exceed what one team could submit, and change nothing", async () => {
    const slug = challenge.slug;
    // Cat and Dan form a team with one submission; the Nucleators have used all 6.
    await scored(cat, slug, 0.9);
    await callerFor(cat).team.create({ slug, name: "Cell Counters" });
    await callerFor(cat).team.invite({ slug, user: dan.email });
    await callerFor(dan).team.accept({ inviteId: await inviteIdFor(dan, slug) });
    await callerFor(ann).team.invite({ slug, user: cat.email });
    await expect(callerFor(cat).team.accept({ inviteId: await inviteIdFor(cat, slug) })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/would give the team 7 submissions in total, over its 6 in Stage 1/),
    });
    const teams = await callerFor(null).team.list({ slug });
    expect(teams.map((t) => [t.name, t.members.length])).toEqual([["Nucleators", 2], ["Cell Counters", 2]]);
    expect((await callerFor(dan).submission.mine({ challenge: slug })).length).toBe(1);
  });

  it("should merge a whole team when one of its members accepts, within the quota", async () => {
    const other = await createChallenge({ hostId: host.id, dailyQuota: 5, totalQuota: 5 });
    const slug = other.slug;
    await scored(ann, slug, 0.4);
    await callerFor(ann).team.create({ slug, name: "Left" });
    await scored(cat, slug, 0.6);
    await callerFor(cat).team.create({ slug, name: "Right" });
    await callerFor(cat).team.invite({ slug, user: dan.name });
    await callerFor(dan).team.accept({ inviteId: await inviteIdFor(dan, slug) });
    await callerFor(ann).team.invite({ slug, user: dan.name });
    const merged = await callerFor(dan).team.accept({ inviteId: await inviteIdFor(dan, slug) });
    expect(merged.members.map((m) => m.name).sort()).toEqual([ann.name, cat.name, dan.name].sort());
    expect((await callerFor(null).team.list({ slug })).map((t) => t.name)).toEqual(["Left"]);
    const board = await callerFor(null).leaderboard.get({ challenge: slug, board: "public" });
    expect(board.entries.map((e) => [e.participant, e.score, e.submissions])).toEqual([["Left", 0.6, 2]]);

    // A member leaves; the team keeps the submissions. The last member cannot leave it empty.
    await callerFor(cat).team.leave({ slug });
    await callerFor(dan).team.leave({ slug });
    expect((await callerFor(cat).submission.mine({ challenge: slug })).length).toBe(0);
    await expect(callerFor(ann).team.leave({ slug })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/last member/) });
  });

  it("should stop team changes at the host's merge deadline", async () => {
    const other = await createChallenge({ hostId: host.id });
    await callerFor(ann).team.create({ slug: other.slug, name: "Early birds" });
    await callerFor(ann).team.invite({ slug: other.slug, user: bob.email });
    await callerFor(host).challenge.update({ slug: other.slug, teamMergeDeadline: new Date(Date.now() - HOUR) });
    expect(await callerFor(bob).team.mine({ slug: other.slug })).toMatchObject({ changesOpen: false });
    await expect(callerFor(bob).team.accept({ inviteId: await inviteIdFor(bob, other.slug) })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/can no longer change/) });
    await expect(callerFor(bob).team.create({ slug: other.slug, name: "Late" })).rejects.toMatchObject({ code: "CONFLICT" });

    // The deadline travels in the challenge's bundle.
    const deadline = (await callerFor(bob).team.mine({ slug: other.slug })).changesCloseAt;
    const zip = new Uint8Array(Buffer.from((await callerFor(host).challenge.exportBundle({ slug: other.slug })).base64, "base64"));
    const copy = `${other.slug}-copy`;
    await callerFor(host).challenge.importBundle(bundleUpload(zip, { slug: copy }));
    expect((await callerFor(bob).team.mine({ slug: copy })).changesCloseAt).toEqual(deadline);
  });

  it("should never resolve a team's account as a person to invite", async () => {
    await expect(callerFor(ann).team.invite({ slug: challenge.slug, user: "Cell Counters" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
