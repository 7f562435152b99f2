import crypto from "node:crypto";
import { getPrisma, Prisma } from "../db/client";
import { lockEntrantPhase, usageOf } from "./submission-repository";

type Tx = Prisma.TransactionClient;

const teamSelect = {
  id: true,
  name: true,
  accountId: true,
  createdAt: true,
  members: { select: { userId: true, joinedAt: true, user: { select: { name: true } } }, orderBy: { joinedAt: "asc" } },
  invites: { select: { id: true, userId: true, createdAt: true, user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.TeamSelect;

export type TeamRecord = Prisma.TeamGetPayload<{ select: typeof teamSelect }>;

/** A join would take the team past a phase's quota (Kaggle's merge rule). */
export class MergeQuotaError extends Error {
  constructor(readonly phase: { name: string; dailyQuota: number; totalQuota: number }, readonly used: { today: number; total: number }) {
    super("merge over quota");
  }
}
/** The invitation was withdrawn, taken up or made moot meanwhile. */
export class InviteGoneError extends Error {}
/** The last member of a team with submissions cannot leave it empty. */
export class LastMemberError extends Error {}

/**
 * Takes the locks uploads take (lockEntrantPhase) for every phase of the entrants whose
 * submissions move, in one order, so an upload never counts against a quota a team change
 * just moved. Returns the challenge's phases.
 */
async function lockEntrants(tx: Tx, challengeId: string, entrants: readonly string[]) {
  const phases = await tx.phase.findMany({
    where: { challengeId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, dailyQuota: true, totalQuota: true, failedCountTowardsQuota: true, finalChoices: true },
  });
  for (const entrant of [...new Set(entrants)].sort()) {
    for (const phase of phases) await lockEntrantPhase(tx, entrant, phase.id);
  }
  return phases;
}

async function lockTeams(tx: Tx, challengeId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`teams:${challengeId}`}, 0))`;
}

/** Moves an entrant's submissions of the challenge to a team's account, remembering who made each. */
async function moveSubmissions(tx: Tx, challengeId: string, from: string, to: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Submission" SET "userId" = ${to}, "submittedById" = COALESCE("submittedById", "userId")
     WHERE "challengeId" = ${challengeId} AND "userId" = ${from}`;
}

export const teamRepository = {
  findById(id: string) {
    return getPrisma().team.findUnique({ where: { id }, select: teamSelect });
  },
  /** The team a participant is in for a challenge, if any. */
  findOfMember(challengeId: string, userId: string) {
    return getPrisma().team.findFirst({ where: { challengeId, members: { some: { userId } } }, select: teamSelect });
  },
  listByChallenge(challengeId: string) {
    return getPrisma().team.findMany({ where: { challengeId }, orderBy: { createdAt: "asc" }, select: teamSelect });
  },
  /** Open invitations to this participant in a challenge. */
  listInvitesFor(challengeId: string, userId: string) {
    return getPrisma().teamInvite.findMany({
      where: { userId, team: { challengeId } },
      orderBy: { createdAt: "asc" },
      select: { id: true, createdAt: true, team: { select: { id: true, name: true, members: { select: { user: { select: { name: true } } } } } } },
    });
  },
  findInvite(id: string) {
    return getPrisma().teamInvite.findUnique({ where: { id }, select: { id: true, userId: true, team: { select: { challengeId: true, name: true } } } });
  },
  deleteInvite(id: string) {
    return getPrisma().teamInvite.deleteMany({ where: { id } });
  },
  /** The entrant whose submissions, quota and boards a participant's actions in a challenge use: their team's account, or themselves. */
  async entrantOf(challengeId: string, userId: string): Promise<string> {
    const member = await getPrisma().teamMember.findUnique({ where: { challengeId_userId: { challengeId, userId } }, select: { team: { select: { accountId: true } } } });
    return member?.team.accountId ?? userId;
  },

  /**
   * A new team with its founder, whose submissions in the challenge become the team's. Its
   * account is a User row without password, named as the team (boards show it).
   */
  async create(input: { challengeId: string; name: string; founderId: string }): Promise<{ id: string } | "in-team"> {
    return getPrisma().$transaction(async (tx) => {
      await lockTeams(tx, input.challengeId);
      if (await tx.teamMember.findUnique({ where: { challengeId_userId: { challengeId: input.challengeId, userId: input.founderId } }, select: { teamId: true } })) return "in-team";
      await lockEntrants(tx, input.challengeId, [input.founderId]);
      const account = await tx.user.create({ data: { email: `team-${crypto.randomUUID()}@teams.scopebench.invalid`, name: input.name }, select: { id: true } });
      const team = await tx.team.create({
        data: { challengeId: input.challengeId, name: input.name, accountId: account.id, members: { create: { userId: input.founderId, challengeId: input.challengeId } } },
        select: { id: true },
      });
      await moveSubmissions(tx, input.challengeId, input.founderId, account.id);
      await tx.teamInvite.deleteMany({ where: { userId: input.founderId, team: { challengeId: input.challengeId } } });
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${input.challengeId})`;
      return team;
    }, { maxWait: 60_000, timeout: 60_000 });
  },

  invite(input: { teamId: string; userId: string; invitedById: string }) {
    return getPrisma().teamInvite.upsert({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
      create: input,
      update: {},
      select: { id: true },
    });
  },

  /**
   * The invitee joins the inviting team; if they are in a team, their whole team merges into
   * it. Either way their submissions become the team's: refused (MergeQuotaError) when any
   * phase's counted submissions, in total or today, would exceed what one team may make.
   * Final choices past a phase's limit and a second committed model are dropped from the
   * joining side. Returns the team joined.
   */
  async accept(inviteId: string, now: Date): Promise<{ teamId: string }> {
    const invite = await getPrisma().teamInvite.findUnique({ where: { id: inviteId }, select: { team: { select: { challengeId: true } } } });
    if (!invite) throw new InviteGoneError();
    const challengeId = invite.team.challengeId;
    return getPrisma().$transaction(async (tx) => {
      await lockTeams(tx, challengeId);
      const current = await tx.teamInvite.findUnique({ where: { id: inviteId }, select: { userId: true, team: { select: { id: true, accountId: true } } } });
      if (!current) throw new InviteGoneError();
      const target = current.team;
      const own = await tx.teamMember.findUnique({ where: { challengeId_userId: { challengeId, userId: current.userId } }, select: { team: { select: { id: true, accountId: true } } } });
      if (own?.team.id === target.id) throw new InviteGoneError();
      const joining = own?.team.accountId ?? current.userId;
      const phases = await lockEntrants(tx, challengeId, [target.accountId, joining]);

      for (const phase of phases) {
        const { usedTotal, usedToday } = await usageOf(tx, [target.accountId, joining], phase, now);
        if (usedTotal > phase.totalQuota || usedToday > phase.dailyQuota) throw new MergeQuotaError(phase, { today: usedToday, total: usedTotal });
      }
      for (const phase of phases) {
        // The team's own choices stand; the joining side's fill what is left of the limit.
        const kept = await tx.submission.count({ where: { phaseId: phase.id, userId: target.accountId, chosenAt: { not: null } } });
        const joiningChoices = await tx.submission.findMany({ where: { phaseId: phase.id, userId: joining, chosenAt: { not: null } }, orderBy: { chosenAt: "asc" }, select: { id: true } });
        const drop = joiningChoices.slice(Math.max(0, phase.finalChoices - kept)).map((s) => s.id);
        if (drop.length > 0) await tx.submission.updateMany({ where: { id: { in: drop } }, data: { chosenAt: null } });
        if (await tx.submission.count({ where: { phaseId: phase.id, userId: target.accountId, committedAt: { not: null } } })) {
          await tx.submission.updateMany({ where: { phaseId: phase.id, userId: joining, committedAt: { not: null } }, data: { committedAt: null } });
        }
      }
      await moveSubmissions(tx, challengeId, joining, target.accountId);
      const newcomers = own ? (await tx.teamMember.findMany({ where: { teamId: own.team.id }, select: { userId: true } })).map((m) => m.userId) : [current.userId];
      if (own) {
        // The merged team is gone; its account (now without submissions) with it.
        await tx.team.delete({ where: { id: own.team.id } });
        await tx.user.delete({ where: { id: own.team.accountId } });
      }
      await tx.teamMember.createMany({ data: newcomers.map((userId) => ({ teamId: target.id, userId, challengeId })) });
      await tx.teamInvite.deleteMany({ where: { userId: { in: newcomers }, team: { challengeId } } });
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${challengeId})`;
      return { teamId: target.id };
    }, { maxWait: 60_000, timeout: 60_000 });
  },

  /**
   * A member leaves; their past submissions stay the team's. The last member may leave only a
   * team without submissions, which then goes (with its account).
   */
  async leave(challengeId: string, userId: string): Promise<void> {
    await getPrisma().$transaction(async (tx) => {
      await lockTeams(tx, challengeId);
      const member = await tx.teamMember.findUnique({ where: { challengeId_userId: { challengeId, userId } }, select: { team: { select: { id: true, accountId: true } } } });
      if (!member) return;
      await lockEntrants(tx, challengeId, [member.team.accountId, userId]);
      await tx.teamMember.delete({ where: { challengeId_userId: { challengeId, userId } } });
      if ((await tx.teamMember.count({ where: { teamId: member.team.id } })) === 0) {
        if ((await tx.submission.count({ where: { userId: member.team.accountId } })) > 0) throw new LastMemberError();
        await tx.team.delete({ where: { id: member.team.id } });
        await tx.user.delete({ where: { id: member.team.accountId } });
      }
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${challengeId})`;
    }, { maxWait: 60_000, timeout: 60_000 });
  },
};
