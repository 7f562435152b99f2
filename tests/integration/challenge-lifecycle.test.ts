// Challenge lifecycle: what hosts change after opening a challenge (rules that state the phase
// settings, quota sanity checks, pages, phases, co-hosts), and that nobody else can.
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeTsArgs } from "../../server/cli/node-ts";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { callerFor, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

const HOUR = 3600_000;
const root = path.resolve(__dirname, "../..");

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

/** A dataset row with the fixtures' tiny hidden truth, enough for challenge.create. */
async function createDataset(): Promise<string> {
  const slug = `lifecycle-${crypto.randomBytes(4).toString("hex")}`;
  await getPrisma().dataset.create({ data: { slug, name: "Lifecycle fixture", source: "fixture", truthKey: `truth/${slug}.csv` } });
  return slug;
}

async function openChallenge(host: SessionUser, phase: { dailyQuota?: number; totalQuota?: number; startsAt?: Date; endsAt?: Date; confirmQuota?: boolean } = {}) {
  const slug = `lifecycle-${crypto.randomBytes(4).toString("hex")}`;
  await callerFor(host).challenge.create({
    slug,
    title: "Lifecycle challenge",
    summary: "Hosts change things after opening",
    datasetSlug: await createDataset(),
    phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR), dailyQuota: 5, totalQuota: 100, ...phase },
  });
  const phaseId = (await getPrisma().phase.findFirstOrThrow({ where: { challenge: { slug } }, select: { id: true } })).id;
  return { slug, phaseId };
}

describe("challenge lifecycle", () => {
  let host: SessionUser;
  let participant: SessionUser;
  let otherHost: SessionUser;
  let admin: SessionUser;
  let slug: string;
  let phaseId: string;

  beforeAll(async () => {
    host = await createUser("host");
    participant = await createUser();
    otherHost = await createUser("host");
    admin = await createUser("admin");
    ({ slug, phaseId } = await openChallenge(host));
  });

  describe("rules that state the phase settings", () => {
    it("should state the current quota on the Rules page after a quota change, and keep the host's own rules apart", async () => {
      const before = await callerFor(null).challenge.bySlug({ slug });
      expect(before.phaseRulesMd).toContain("up to **5 submissions per day**");
      expect(before.phaseRulesMd).toContain("**100 submissions in total**");
      // The template's own text no longer states a quota that could go stale.
      expect(before.rulesMd).not.toMatch(/submissions per day|in total/);
      expect(before.rulesMd).toContain("One account per participant");

      await callerFor(host).challenge.updatePhase({ phaseId, dailyQuota: 7, totalQuota: 40, failedCountTowardsQuota: true });
      const after = await callerFor(null).challenge.bySlug({ slug });
      expect(after.phaseRulesMd).toContain("up to **7 submissions per day**");
      expect(after.phaseRulesMd).toContain("**40 submissions in total**");
      expect(after.phaseRulesMd).not.toContain("5 submissions per day");
      expect(after.phaseRulesMd).toContain("Rejected or failed submissions count towards the quota");
      expect(after.rulesMd).toBe(before.rulesMd);
    });

    it("should drop the stale quota line of the old template from stored rules (the migration), keeping the rest", async () => {
      const { slug: s } = await openChallenge(host);
      const old = "## Rules\n- One account per participant.\n- Up to **5 submissions per day** (UTC) and 100 in total; rejected or failed submissions do not count.\n- Labelling the test images by hand is not allowed.\n";
      const edited = "## Rules\n- Up to **5 submissions per day** (UTC) and 100 in total; failed ones count too, says the host.\n";
      const other = (await openChallenge(host)).slug;
      await getPrisma().challenge.update({ where: { slug: s }, data: { rulesMd: old } });
      await getPrisma().challenge.update({ where: { slug: other }, data: { rulesMd: edited } });
      const sql = fs.readFileSync(path.join(root, "prisma/migrations/20261202211000_challenge_lifecycle/migration.sql"), "utf8");
      await getPrisma().$executeRawUnsafe(sql.replace(/^--.*$/gm, "").trim().replace(/;$/, ""));
      expect((await callerFor(null).challenge.bySlug({ slug: s })).rulesMd).toBe("## Rules\n- One account per participant.\n- Labelling the test images by hand is not allowed.\n");
      expect((await callerFor(null).challenge.bySlug({ slug: other })).rulesMd).toBe(edited);
    });

    it("should state a phase's new times", async () => {
      const endsAt = new Date(Date.UTC(2031, 5, 30, 17, 45));
      await callerFor(host).challenge.updatePhase({ phaseId, endsAt });
      expect((await callerFor(null).challenge.bySlug({ slug })).phaseRulesMd).toContain("to **2031-06-30 17:45 UTC**");
    });
  });

  describe("quota sanity checks", () => {
    const cases = [
      { what: "a total quota of 0", quota: { dailyQuota: 5, totalQuota: 0 }, message: /total quota of 0 means nobody can submit/ },
      { what: "a daily quota of 0 with a positive total", quota: { dailyQuota: 0, totalQuota: 10 }, message: /daily quota of 0 means nobody can submit, although the total quota is 10/ },
      { what: "a daily quota above the total", quota: { dailyQuota: 10, totalQuota: 2 }, message: /daily quota \(10\) is larger than the total quota \(2\)/ },
    ];

    for (const { what, quota, message } of cases) {
      it(`should refuse ${what} on creation unless confirmed`, async () => {
        const refused = openChallenge(host, quota);
        await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
        await expect(refused).rejects.toThrow(/confirmQuota: true/);
        const confirmed = await openChallenge(host, { ...quota, confirmQuota: true });
        expect((await callerFor(host).challenge.bySlug({ slug: confirmed.slug })).phases[0]).toMatchObject(quota);
      });

      it(`should refuse ${what} on update unless confirmed`, async () => {
        const { phaseId: id } = await openChallenge(host);
        await expect(callerFor(host).challenge.updatePhase({ phaseId: id, ...quota })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
        expect(await callerFor(host).challenge.updatePhase({ phaseId: id, ...quota, confirmQuota: true })).toMatchObject(quota);
        // Confirmed once, the quota is not questioned again when something else changes.
        expect(await callerFor(host).challenge.updatePhase({ phaseId: id, ...quota, ladder: true })).toMatchObject({ ...quota, ladder: true });
      });
    }

    it("should refuse the same quotas when a phase is added", async () => {
      const { slug: s } = await openChallenge(host);
      const later = { slug: s, name: "Stage 2", startsAt: new Date(Date.now() + 48 * HOUR), endsAt: new Date(Date.now() + 72 * HOUR) };
      await expect(callerFor(host).challenge.addPhase({ ...later, dailyQuota: 3, totalQuota: 0 })).rejects.toThrow(/Phase "Stage 2": a total quota of 0/);
    });
  });

  describe("editing the pages", () => {
    it("should let a host change the title, summary and each markdown page", async () => {
      await callerFor(host).challenge.update({
        slug,
        title: "Renamed challenge",
        summary: "A new summary",
        pages: { overview: "## New overview", data: "## New data", evaluation: "## New evaluation", rules: "## New rules\n- Be kind." },
      });
      const c = await callerFor(null).challenge.bySlug({ slug });
      expect(c).toMatchObject({ title: "Renamed challenge", summary: "A new summary", overviewMd: "## New overview", dataMd: "## New data", evaluationMd: "## New evaluation", rulesMd: "## New rules\n- Be kind." });
      // The generated part stays, whatever the host writes.
      expect(c.phaseRulesMd).toContain("submissions in total");
      expect((await callerFor(null).challenge.list()).find((s) => s.slug === slug)?.title).toBe("Renamed challenge");
    });

    it("should leave out what is not given, and refuse an empty change or bad text with the field named", async () => {
      await callerFor(host).challenge.update({ slug, pages: { data: "## Only data" } });
      expect(await callerFor(null).challenge.bySlug({ slug })).toMatchObject({ title: "Renamed challenge", dataMd: "## Only data", overviewMd: "## New overview" });
      await expect(callerFor(host).challenge.update({ slug })).rejects.toThrow(/Nothing to change/);
      await expect(callerFor(host).challenge.update({ slug, title: "ab" })).rejects.toThrow(/title: /);
      await expect(callerFor(host).challenge.update({ slug, pages: { rules: "a\u0000b" } })).rejects.toThrow(/pages\.rules: must not contain control characters/);
    });
  });

  describe("phases", () => {
    let s: string;
    let first: string;

    beforeAll(async () => {
      ({ slug: s, phaseId: first } = await openChallenge(host, { startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() + 24 * HOUR) }));
    });

    it("should add a phase after the others, with its times to the minute", async () => {
      const startsAt = new Date(Math.ceil((Date.now() + 48 * HOUR) / 60_000) * 60_000 + 30 * 60_000);
      const endsAt = new Date(startsAt.getTime() + 7 * 24 * HOUR + 15 * 60_000);
      const added = await callerFor(host).challenge.addPhase({ slug: s, name: "Stage 2", startsAt, endsAt, dailyQuota: 2, totalQuota: 10 });
      expect(added).toMatchObject({ name: "Stage 2", startsAt, endsAt, dailyQuota: 2, totalQuota: 10, state: "upcoming", ladder: false });
      const c = await callerFor(null).challenge.bySlug({ slug: s });
      expect(c.phases.map((p) => p.name)).toEqual(["Stage 1", "Stage 2"]);
      expect(c.phaseRulesMd).toMatch(/### Stage 1 \(open\)[\s\S]*### Stage 2 \(upcoming\)/);
    });

    it("should refuse a phase that overlaps another, naming both", async () => {
      const overlap = { slug: s, name: "Overlap", startsAt: new Date(Date.now()), endsAt: new Date(Date.now() + 30 * HOUR), dailyQuota: 1, totalQuota: 5 };
      await expect(callerFor(host).challenge.addPhase(overlap)).rejects.toThrow(/Phase "Overlap" .* overlaps phase "Stage 1"/);
      await expect(callerFor(host).challenge.updatePhase({ phaseId: first, endsAt: new Date(Date.now() + 60 * HOUR) })).rejects.toThrow(/overlaps phase "Stage 2"/);
      await expect(callerFor(host).challenge.addPhase({ ...overlap, endsAt: overlap.startsAt })).rejects.toThrow(/endsAt: The phase must start before it ends/);
    });

    it("should rename a phase and reorder phases, refusing an order that is not every phase once", async () => {
      const c = await callerFor(null).challenge.bySlug({ slug: s });
      const [one, two] = c.phases.map((p) => p.id) as [string, string];
      await callerFor(host).challenge.updatePhase({ phaseId: two, name: "Final stage" });
      const reordered = await callerFor(host).challenge.reorderPhases({ slug: s, phaseIds: [two, one] });
      expect(reordered.map((p) => p.name)).toEqual(["Final stage", "Stage 1"]);
      expect((await callerFor(null).challenge.bySlug({ slug: s })).phases.map((p) => p.name)).toEqual(["Final stage", "Stage 1"]);
      await expect(callerFor(host).challenge.reorderPhases({ slug: s, phaseIds: [one] })).rejects.toThrow(/missing: "Final stage"/);
      await expect(callerFor(host).challenge.reorderPhases({ slug: s, phaseIds: [one, one] })).rejects.toThrow(/named more than once/);
      await expect(callerFor(host).challenge.reorderPhases({ slug: s, phaseIds: [one, two, phaseId] })).rejects.toThrow(/not phases of this challenge/);
      // Submissions still go to the open phase, whatever the order.
      expect((await callerFor(participant).submission.quota({ slug: s }))?.phaseName).toBe("Stage 1");
    });

    it("should tell a participant that a closed phase is closed, and which comes next", async () => {
      await getPrisma().phase.update({ where: { id: first }, data: { endsAt: new Date(Date.now() - 1000) } });
      const quota = await callerFor(participant).submission.quota({ slug: s });
      expect(quota).toMatchObject({ phaseName: "Final stage", phaseState: "upcoming" });
      await expect(callerFor(participant).submission.create(uploadStream(s, PERFECT_TINY_SUBMISSION))).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
        message: expect.stringMatching(/Phase "Final stage" opens on/),
      });
      const c = await callerFor(null).challenge.bySlug({ slug: s });
      expect(c.phases.find((p) => p.id === first)?.state).toBe("closed");
      expect(c.phaseRulesMd).toMatch(/### Stage 1 \(closed\)\n- Ran from/);
      expect(c.submissionNotice).toMatch(/^Stage 1 closed on \d{4}-\d\d-\d\d \d\d:\d\d UTC; it no longer accepts submissions\. The next phase, Final stage, opens on /);
      expect((await callerFor(null).challenge.bySlug({ slug })).submissionNotice).toBeNull();
    });
  });

  describe("hosts", () => {
    it("should let a host add a co-host by email or name, who can then edit, and remove one", async () => {
      const { slug: s } = await openChallenge(host);
      const colleague = await createUser("host");
      const byEmail = await callerFor(host).challenge.addHost({ slug: s, user: colleague.email.toUpperCase() });
      expect(byEmail.map((h) => h.id).sort()).toEqual([host.id, colleague.id].sort());
      await callerFor(colleague).challenge.update({ slug: s, summary: "Edited by a co-host" });
      expect((await callerFor(colleague).challenge.bySlug({ slug: s })).viewerIsHost).toBe(true);

      const third = await createUser("host");
      expect((await callerFor(colleague).challenge.addHost({ slug: s, user: third.name })).map((h) => h.name)).toContain(third.name);
      const left = await callerFor(colleague).challenge.removeHost({ slug: s, userId: third.id });
      expect(left.map((h) => h.id)).not.toContain(third.id);
      await expect(callerFor(third).challenge.update({ slug: s, summary: "No longer" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("should refuse unknown, ambiguous and participant accounts, and removing the last host, with clear messages", async () => {
      const { slug: s } = await openChallenge(host);
      await expect(callerFor(host).challenge.addHost({ slug: s, user: "nobody@example.org" })).rejects.toThrow(/No account with the email address "nobody@example.org"/);
      await expect(callerFor(host).challenge.addHost({ slug: s, user: "No Such Name" })).rejects.toThrow(/No account called "No Such Name"/);
      const twin = await createUser("host");
      await getPrisma().user.update({ where: { id: twin.id }, data: { name: otherHost.name } });
      await expect(callerFor(host).challenge.addHost({ slug: s, user: otherHost.name })).rejects.toThrow(/Several accounts are called .*give the email address/);
      await expect(callerFor(host).challenge.addHost({ slug: s, user: participant.email })).rejects.toThrow(/is a participant; an administrator must grant them the host role first/);
      await expect(callerFor(host).challenge.removeHost({ slug: s, userId: host.id })).rejects.toThrow(/only host/);
    });

    it("should let an admin grant and take back the host role, and nobody else", async () => {
      const person = await createUser();
      await expect(callerFor(host).user.setRole({ user: person.email, role: "host" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(callerFor(person).user.setRole({ user: person.email, role: "host" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(callerFor(host).user.staff()).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await callerFor(admin).user.setRole({ user: person.email, role: "host" })).toMatchObject({ id: person.id, role: "host" });
      expect((await callerFor(admin).user.staff()).map((u) => u.id)).toContain(person.id);
      expect(await callerFor(admin).user.setRole({ user: person.name, role: "participant" })).toMatchObject({ role: "participant" });
      await expect(callerFor(admin).user.setRole({ user: admin.email, role: "participant" })).rejects.toThrow(/is an administrator/);
    });

    it("should grant and take back the host role from the command line", async () => {
      const cli = (args: string[]) => spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/scopebench.ts")), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
      const person = await createUser();
      const granted = cli(["grant-host", person.email]);
      expect(granted.status, granted.stderr).toBe(0);
      expect(granted.stdout).toMatch(/is now a host/);
      expect((await getPrisma().user.findUniqueOrThrow({ where: { id: person.id } })).role).toBe("host");
      const revoked = cli(["revoke-host", person.email]);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect((await getPrisma().user.findUniqueOrThrow({ where: { id: person.id } })).role).toBe("participant");
      const unknown = cli(["grant-host", "nobody-at-all@example.org"]);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/No account with the email address/);
      const missing = cli(["grant-host"]);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/needs the account's email address or display name/);
    });
  });

  describe("authorization", () => {
    it("should keep participants and hosts of other challenges out of every lifecycle change", async () => {
      const phase = { slug, name: "Sneaky", startsAt: new Date(Date.now() + 900 * 24 * HOUR), endsAt: new Date(Date.now() + 901 * 24 * HOUR), dailyQuota: 1, totalQuota: 5 };
      const attempts = (user: SessionUser) => [
        () => callerFor(user).challenge.update({ slug, title: "Hijacked" }),
        () => callerFor(user).challenge.updatePhase({ phaseId, dailyQuota: 99 }),
        () => callerFor(user).challenge.addPhase(phase),
        () => callerFor(user).challenge.reorderPhases({ slug, phaseIds: [phaseId] }),
        () => callerFor(user).challenge.hosts({ slug }),
        () => callerFor(user).challenge.addHost({ slug, user: user.email }),
        () => callerFor(user).challenge.removeHost({ slug, userId: host.id }),
      ];
      for (const attempt of attempts(participant)) await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
      for (const attempt of attempts(otherHost)) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(callerFor(null).challenge.update({ slug, title: "Hijacked" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      const c = await callerFor(null).challenge.bySlug({ slug });
      expect(c.title).not.toBe("Hijacked");
      expect(c.phases.map((p) => p.name)).not.toContain("Sneaky");
      expect(c.phases[0]?.dailyQuota).not.toBe(99);
      expect((await callerFor(host).challenge.hosts({ slug })).map((h) => h.id)).toEqual([host.id]);
    });

    it("should let an admin, who hosts every challenge, change any of it", async () => {
      await callerFor(admin).challenge.update({ slug, summary: "Changed by an admin" });
      expect((await callerFor(null).challenge.bySlug({ slug })).summary).toBe("Changed by an admin");
    });
  });
});
