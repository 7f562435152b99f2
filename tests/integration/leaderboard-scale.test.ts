// Leaderboards at scale: the SQL best-per-entry and lead history must give exactly what the
// reference rules in tests/support/leaderboard-reference.ts give on the whole history; cached boards and counts
// must follow every change; conditional GETs must answer 304 only while nothing changed.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../../server/api/handle-trpc-request";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { challengeRepository } from "../../server/repositories/challenge-repository";
import { jobLeaseRepository } from "../../server/repositories/job-lease-repository";
import { leaderboardRepository } from "../../server/repositories/leaderboard-repository";
import { submissionRepository } from "../../server/repositories/submission-repository";
import { leadHistory, rankLeaderboard, type LeaderboardRow } from "../support/leaderboard-reference";
import { callerFor, createChallenge, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const STATUSES = ["queued", "running", "scored", "scored", "scored", "failed", "cancelled"] as const;

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Many submissions from a dozen participants: scores drawn from few values (ties within and
 * between participants), every status, missing private scores, a baseline, deleted rows.
 */
async function seedVariedPhase(seed: number) {
  const rand = random(seed);
  const { id: challengeId, slug, phaseId } = await createChallenge();
  const users: SessionUser[] = [];
  for (let i = 0; i < 12; i++) users.push(await createUser());
  const start = Date.now() - 3600_000;
  const data = Array.from({ length: 400 }, (_, i) => {
    const user = users[Math.floor(rand() * users.length)]!;
    const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
    const scored = status === "scored";
    return {
      id: `s-${seed}-${i}-${crypto.randomBytes(3).toString("hex")}`,
      userId: user.id,
      challengeId,
      phaseId,
      kind: "prediction_csv" as const,
      filename: "s.csv",
      blobKey: `x/${i}`,
      sizeBytes: 1,
      sha256: "0",
      status,
      publicScore: scored || rand() < 0.1 ? Math.floor(rand() * 8) / 8 : null,
      privateScore: scored && rand() < 0.85 ? Math.floor(rand() * 6) / 6 : null,
      isBaseline: user === users[0],
      // Distinct instants: the old code's order among equal instants was the database's whim.
      createdAt: new Date(start + i * 1000 + Math.floor(rand() * 900)),
    };
  });
  await getPrisma().submission.createMany({ data });
  const deleted = data.filter((_, i) => i % 37 === 0).map((d) => d.id);
  await getPrisma().submission.deleteMany({ where: { id: { in: deleted } } });
  return { challengeId, slug, phaseId, users };
}

async function referenceRows(phaseId: string): Promise<LeaderboardRow[]> {
  return (await submissionRepository.listScoredByPhase(phaseId)).map((r) => ({ ...r, participant: r.user.name }));
}

describe("leaderboard in SQL", () => {
  for (const seed of [1, 2, 3]) {
    it(`should rank exactly as the reference rules, both directions and both boards (dataset ${seed})`, async () => {
      const { challengeId, phaseId } = await seedVariedPhase(seed);
      const rows = await referenceRows(phaseId);
      // The challenge page's counts, added up from the kept rows, against a count of every submission.
      const [direct] = await getPrisma().$queryRaw<Array<{ participants: number; submissions: number }>>`
        SELECT count(DISTINCT "userId")::int AS participants, count(*)::int AS submissions
          FROM "Submission" WHERE "challengeId" = ${challengeId} AND status <> 'cancelled' AND NOT "isBaseline"`;
      expect(direct!.submissions).toBeGreaterThan(100);
      expect((await challengeRepository.countActivity([challengeId])).get(challengeId)).toEqual(direct);
      for (const higherIsBetter of [true, false]) {
        for (const board of ["public", "private"] as const) {
          const sql = await leaderboardRepository.rankPhase(phaseId, { higherIsBetter, board });
          const reference = rankLeaderboard(rows, { higherIsBetter, board });
          expect(reference.length).toBeGreaterThan(3);
          expect(sql.map((e, i) => ({ ...e, rank: i + 1 }))).toEqual(reference);
        }
        const history = await leaderboardRepository.leadHistory(phaseId, higherIsBetter);
        expect(history.length).toBeGreaterThan(1);
        expect(history).toEqual(leadHistory(rows, higherIsBetter));
      }
    });
  }

  it("should serve the same board through leaderboard.get as the reference rules", async () => {
    const { slug, phaseId, users } = await seedVariedPhase(4);
    const board = await callerFor(users[3]!).leaderboard.get({ challenge: slug, board: "public" });
    const rows = await referenceRows(phaseId);
    expect(board.entries).toEqual(withoutStatistics(rankLeaderboard(rows, { higherIsBetter: true, board: "public" })));
    expect(board.history).toEqual(leadHistory(rows, true));
  });
});

/** These phases' submissions have no per-image states (made-up blobs): no statistics, and no shift on the public board. */
const withoutStatistics = <T extends object>(rows: T[]) => rows.map((row) => ({ ...row, stats: null, shift: null, columns: {}, committedModel: null }));

describe("leaderboard pages", () => {
  it("should serve the board a page at a time with global ranks, the total and the viewer's own row", async () => {
    const { slug, phaseId } = await seedVariedPhase(7);
    const reference = withoutStatistics(rankLeaderboard(await referenceRows(phaseId), { higherIsBetter: true, board: "public" }));
    expect(reference.length).toBeGreaterThan(10);
    const pageSize = 4;
    const pages = Math.ceil(reference.length / pageSize);
    const anonymous = callerFor(null);
    const all = [];
    for (let page = 1; page <= pages; page++) {
      const board = await anonymous.leaderboard.get({ challenge: slug, page, pageSize });
      expect([board.page, board.pageSize, board.total, board.viewerEntry]).toEqual([page, pageSize, reference.length, null]);
      expect(board.entries.length).toBe(page < pages ? pageSize : reference.length - (pages - 1) * pageSize);
      all.push(...board.entries);
    }
    expect(all).toEqual(reference);

    // The last-ranked participant: their row follows every page but their own.
    const last = reference.at(-1)!;
    const viewer = callerFor({ id: last.userId, email: "x@example.org", name: last.participant, role: "participant" });
    const first = await viewer.leaderboard.get({ challenge: slug, page: 1, pageSize });
    expect(first.entries).toEqual(reference.slice(0, pageSize));
    expect(first.viewerEntry).toEqual(last);
    expect((await viewer.leaderboard.get({ challenge: slug, page: pages, pageSize })).viewerEntry).toBeNull();
    // Someone with no entry has no position.
    expect((await callerFor(await createUser()).leaderboard.get({ challenge: slug, page: 1, pageSize })).viewerEntry).toBeNull();

    // Past the end: no entries, the total to link back with, and still the viewer's row.
    const beyond = await viewer.leaderboard.get({ challenge: slug, page: pages + 5, pageSize });
    expect([beyond.entries, beyond.total, beyond.viewerEntry]).toEqual([[], reference.length, last]);
    // The default page is the first 50.
    expect((await anonymous.leaderboard.get({ challenge: slug })).entries).toEqual(reference.slice(0, 50));
  });

  it("should refuse a page or page size out of bounds, naming the field", async () => {
    const { slug } = await createChallenge();
    const anonymous = callerFor(null);
    await expect(anonymous.leaderboard.get({ challenge: slug, page: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("page: must be 1 or more") });
    await expect(anonymous.leaderboard.get({ challenge: slug, pageSize: 201 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("pageSize: must be at most 200") });
    await expect(anonymous.leaderboard.get({ challenge: slug, page: 1.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("cached leaderboards and counts", () => {
  it("should show a new score and new counts at once", async () => {
    const { challengeId, slug, phaseId, users } = await seedVariedPhase(5);
    const viewer = callerFor(null);
    const before = await viewer.leaderboard.get({ challenge: slug, board: "public" });
    const pageBefore = await viewer.challenge.bySlug({ slug });
    const listBefore = (await viewer.challenge.list()).find((c) => c.slug === slug);
    // Cached now: a second read must not change anything.
    expect(await viewer.leaderboard.get({ challenge: slug, board: "public" })).toEqual(before);

    const newcomer = await createUser();
    const top = before.entries[0]!.score;
    const id = `new-${crypto.randomBytes(4).toString("hex")}`;
    await getPrisma().submission.create({
      data: { id, userId: newcomer.id, challengeId, phaseId, kind: "prediction_csv", filename: "s.csv", blobKey: "x", sizeBytes: 1, sha256: "0" },
    });
    // Queued: counted on the page, not yet on the board.
    const pageQueued = await viewer.challenge.bySlug({ slug });
    expect([pageQueued.participants, pageQueued.submissions]).toEqual([pageBefore.participants + 1, pageBefore.submissions + 1]);
    expect((await viewer.leaderboard.get({ challenge: slug, board: "public" })).entries.map((e) => e.userId)).not.toContain(newcomer.id);

    // Scored the way the worker records it.
    const lease = await jobLeaseRepository.claim("scoring", id, "test-worker");
    expect(lease?.attempt).toBe(1);
    await submissionRepository.finish(lease!, { status: "scored", publicScore: top + 1, privateScore: 0.5, result: {}, scorerId: "x", scorerVersion: "1", scoringMs: 1, imageStatesKey: null, scoringRuleVersion: 1, boardOutputs: { public: { score: top + 1 }, private: { score: 0.5 } } });
    const after = await viewer.leaderboard.get({ challenge: slug, board: "public" });
    expect(after.entries[0]).toMatchObject({ userId: newcomer.id, participant: newcomer.name, score: top + 1, rank: 1, submissions: 1 });
    expect(after.entries.length).toBe(before.entries.length + 1);
    expect(after.history.at(-1)).toMatchObject({ score: top + 1, participant: newcomer.name });
    expect((await viewer.challenge.list()).find((c) => c.slug === slug)?.submissions).toBe((listBefore?.submissions ?? 0) + 1);

    // A rename reaches the cached board; a deletion removes the row.
    await getPrisma().user.update({ where: { id: newcomer.id }, data: { name: "Renamed Newcomer" } });
    expect((await viewer.leaderboard.get({ challenge: slug, board: "public" })).entries[0]?.participant).toBe("Renamed Newcomer");
    await getPrisma().submission.delete({ where: { id } });
    expect(await viewer.leaderboard.get({ challenge: slug, board: "public" })).toEqual(before);
    expect(users.length).toBe(12);
  });
});

describe("leaderboard rows kept by the database", () => {
  const rankedLikeReference = async (phaseId: string) => {
    const rows = await referenceRows(phaseId);
    for (const higherIsBetter of [true, false]) {
      for (const board of ["public", "private"] as const) {
        const sql = await leaderboardRepository.rankPhase(phaseId, { higherIsBetter, board });
        expect(sql.map((e, i) => ({ ...e, rank: i + 1 }))).toEqual(rankLeaderboard(rows, { higherIsBetter, board }));
      }
    }
  };

  it("should stay right when one participant's submissions are scored at the same moment by many connections", async () => {
    const { challengeId, phaseId } = await seedVariedPhase(6);
    const racer = await createUser();
    const ids = Array.from({ length: 12 }, (_, i) => `race-${i}-${crypto.randomBytes(3).toString("hex")}`);
    await getPrisma().submission.createMany({
      data: ids.map((id, i) => ({ id, userId: racer.id, challengeId, phaseId, kind: "prediction_csv" as const, filename: "s.csv", blobKey: "x", sizeBytes: 1, sha256: "0", createdAt: new Date(Date.now() - 60_000 + i) })),
    });
    // Each on its own connection and in its own transaction, all open at once and committed a
    // moment later: each trigger must see what the others committed, not what it saw before.
    await Promise.all(
      ids.map(async (id, i) => {
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        try {
          await client.query("BEGIN");
          await client.query(`UPDATE "Submission" SET status = 'scored', "publicScore" = $2, "privateScore" = $3 WHERE id = $1`, [id, (i % 5) / 4, i / 12]);
          await client.query("SELECT pg_sleep(0.05)");
          await client.query("COMMIT");
        } finally {
          await client.end();
        }
      }),
    );
    await rankedLikeReference(phaseId);
    const entry = (await leaderboardRepository.rankPhase(phaseId, { higherIsBetter: true, board: "public" })).find((e) => e.userId === racer.id);
    expect(entry).toMatchObject({ score: 1, submissions: 12 });
  });

  it("should stay right through a whole phase re-queued, then cancelled in part, then scored again", async () => {
    const { phaseId } = await seedVariedPhase(7);
    await rankedLikeReference(phaseId);
    await getPrisma().submission.updateMany({ where: { phaseId, status: { in: ["scored", "failed"] } }, data: { status: "queued", publicScore: null, privateScore: null } });
    expect(await leaderboardRepository.rankPhase(phaseId, { higherIsBetter: true, board: "public" })).toEqual([]);
    await rankedLikeReference(phaseId);
    const queued = await getPrisma().submission.findMany({ where: { phaseId, status: "queued" }, select: { id: true }, orderBy: { id: "asc" } });
    await getPrisma().submission.updateMany({ where: { id: { in: queued.filter((_, i) => i % 4 === 0).map((q) => q.id) } }, data: { status: "cancelled" } });
    await getPrisma().$executeRaw`UPDATE "Submission" SET status = 'scored', "publicScore" = (abs(hashtext(id)) % 7) / 7.0, "privateScore" = (abs(hashtext(id)) % 5) / 5.0 WHERE "phaseId" = ${phaseId} AND status = 'queued'`;
    await rankedLikeReference(phaseId);
  });
});

describe("conditional leaderboard requests", () => {
  const get = (slug: string, user: SessionUser | null, etag?: string, board: "public" | "private" = "public", paging: { page?: number; pageSize?: number } = {}) => {
    const input = encodeURIComponent(JSON.stringify({ json: { challenge: slug, board, ...paging } }));
    const headers = new Headers(etag ? { "If-None-Match": etag } : {});
    return handleTrpcRequest(new Request(`http://localhost/api/trpc/leaderboard.get?input=${input}`, { headers }), async () => user);
  };

  it("should answer 304 while nothing changed and 200 with the new row once something did", async () => {
    const { challengeId, slug, phaseId } = await seedVariedPhase(6);
    const first = await get(slug, null);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"lb2-/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const firstBody = (await first.json()) as { result: { data: { json: { entries: Array<{ userId: string }> } } } };

    const again = await get(slug, null, etag!);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // Without the validator: the same body again (from the body cache).
    const plain = await get(slug, null);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual(firstBody);

    const newcomer = await createUser();
    await getPrisma().submission.create({
      data: { userId: newcomer.id, challengeId, phaseId, kind: "prediction_csv", filename: "s.csv", blobKey: "x", sizeBytes: 1, sha256: "0", status: "scored", publicScore: 99, privateScore: 1 },
    });
    const changed = await get(slug, null, etag!);
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const body = (await changed.json()) as typeof firstBody;
    expect(body.result.data.json.entries[0]?.userId).toBe(newcomer.id);
    expect(body.result.data.json.entries.length).toBe(firstBody.result.data.json.entries.length + 1);
  });

  it("should give a host and a participant different tags, and leave errors to the procedure", async () => {
    const host = await createUser("host");
    const participant = await createUser();
    const { slug } = await createChallenge({ hostId: host.id });
    const asHost = await get(slug, host);
    const asParticipant = await get(slug, participant);
    expect(asHost.status).toBe(200);
    expect(asParticipant.status).toBe(200);
    // The host sees the private board is available; the participant must not get the host's body.
    expect(asHost.headers.get("etag")).not.toBe(asParticipant.headers.get("etag"));
    expect((await get(slug, participant, asHost.headers.get("etag")!)).status).toBe(200);
    const hostBody = (await asHost.json()) as { result: { data: { json: { privateAvailable: boolean } } } };
    const participantBody = (await asParticipant.json()) as typeof hostBody;
    expect([hostBody.result.data.json.privateAvailable, participantBody.result.data.json.privateAvailable]).toEqual([true, false]);

    const forbidden = await get(slug, participant, undefined, "private");
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("etag")).toBeNull();
    expect((await get("no-such-challenge", participant)).status).toBe(404);

    // A draft: its hosts and admins see the board, nobody else learns it exists.
    await getPrisma().challenge.update({ where: { slug }, data: { status: "draft" } });
    expect((await get(slug, participant)).status).toBe(404);
    expect((await get(slug, null)).status).toBe(404);
    expect((await get(slug, host)).status).toBe(200);
    expect((await get(slug, await createUser("admin"))).status).toBe(200);
    await expect(callerFor(participant).leaderboard.get({ challenge: slug })).rejects.toThrow(`No challenge called "${slug}".`);
  });

  it("should tag each page and each signed-in viewer apart, and share one tag between anonymous viewers", async () => {
    const { slug, users } = await seedVariedPhase(8);
    const tag = async (user: SessionUser | null, paging: { page?: number; pageSize?: number }) => {
      const response = await get(slug, user, undefined, "public", paging);
      expect(response.status).toBe(200);
      return response.headers.get("etag");
    };
    const page1 = await tag(null, { page: 1, pageSize: 3 });
    expect(await tag(null, { page: 1, pageSize: 3 })).toBe(page1);
    expect(await tag(null, { page: 2, pageSize: 3 })).not.toBe(page1);
    expect(await tag(null, { page: 1, pageSize: 4 })).not.toBe(page1);
    // The answer carries the viewer's own row, so no viewer revalidates another's body.
    const [a, b] = [await tag(users[1]!, { page: 1, pageSize: 3 }), await tag(users[2]!, { page: 1, pageSize: 3 })];
    expect(new Set([page1, a, b]).size).toBe(3);
    expect((await get(slug, users[2]!, a!, "public", { page: 1, pageSize: 3 })).status).toBe(200);
    expect((await get(slug, users[1]!, a!, "public", { page: 1, pageSize: 3 })).status).toBe(304);
  });
});
