// Teams (Kaggle-style): create one, invite by email or name, accept (joining, or merging the
// invitee's whole team), decline, leave. Everything a participant can do in a challenge, a
// team does through any member: its account holds the submissions, quota, boards and choices.
import type { SessionUser } from "../../contracts/common";
import type { MyTeamDto, TeamDto } from "../../contracts/team";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { enqueueBoardStatistics } from "../../queue/scoring-queue";
import { ladderRepository } from "../../repositories/ladder-repository";
import { challengeRepository } from "../../repositories/challenge-repository";
import { InviteGoneError, LastMemberError, MergeQuotaError, teamRepository, type TeamRecord } from "../../repositories/team-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { findUserByReference } from "../user/find-user-by-reference";
import { assertTeamChangesOpen, teamChangesCloseAt, teamChangesOpen } from "./team-window";

const toTeamDto = (team: TeamRecord): TeamDto => ({
  id: team.id,
  name: team.name,
  members: team.members.map((m) => ({ userId: m.userId, name: m.user.name, joinedAt: m.joinedAt })),
});

/** Every team of the challenge with its members (the Teams tab; anyone who may see the challenge). */
export async function listTeams(input: { slug: string; user: SessionUser | null }): Promise<TeamDto[]> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  return (await teamRepository.listByChallenge(challenge.id)).map(toTeamDto);
}

export async function myTeam(input: { slug: string; user: SessionUser }): Promise<MyTeamDto> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const [team, invites] = await Promise.all([teamRepository.findOfMember(challenge.id, input.user.id), teamRepository.listInvitesFor(challenge.id, input.user.id)]);
  const closeAt = teamChangesCloseAt(challenge);
  return {
    team: team ? { ...toTeamDto(team), invites: team.invites.map((i) => ({ id: i.id, name: i.user.name, createdAt: i.createdAt })) } : null,
    invites: invites.map((i) => ({ id: i.id, teamId: i.team.id, teamName: i.team.name, members: i.team.members.map((m) => m.user.name), createdAt: i.createdAt })),
    changesCloseAt: closeAt,
    changesOpen: teamChangesOpen(closeAt, new Date()),
  };
}

export async function createTeam(input: { slug: string; name: string; user: SessionUser }): Promise<TeamDto> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  assertTeamChangesOpen(challenge, new Date());
  let created;
  try {
    created = await teamRepository.create({ challengeId: challenge.id, name: input.name, founderId: input.user.id });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError(AppErrorCode.CONFLICT, { message: `A team called "${printable(input.name)}" already takes part in this challenge; choose another name.` });
    throw error;
  }
  if (created === "in-team") throw new AppError(AppErrorCode.CONFLICT, { message: "You are in a team in this challenge already; leave it first." });
  await afterTeamChange(challenge.phases);
  const team = await teamRepository.findById(created.id);
  if (!team) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such team." });
  return toTeamDto(team);
}

export async function inviteToTeam(input: { slug: string; reference: string; user: SessionUser }): Promise<void> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  assertTeamChangesOpen(challenge, new Date());
  const team = await teamRepository.findOfMember(challenge.id, input.user.id);
  if (!team) throw new AppError(AppErrorCode.CONFLICT, { message: "Create a team first; then invite others to it." });
  const invitee = await findUserByReference(input.reference);
  if (team.members.some((m) => m.userId === invitee.id)) throw new AppError(AppErrorCode.CONFLICT, { message: `${invitee.name} is in your team already.` });
  await teamRepository.invite({ teamId: team.id, userId: invitee.id, invitedById: input.user.id });
}

/** The invitee (alone, or with their whole team) joins the inviting team. */
export async function acceptInvite(input: { inviteId: string; user: SessionUser }): Promise<TeamDto> {
  const invite = await teamRepository.findInvite(input.inviteId);
  // Someone else's invitation answers like a missing one.
  if (!invite || invite.userId !== input.user.id) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such invitation to you." });
  const challenge = await challengeRepository.findByIdIncludePhases(invite.team.challengeId);
  if (!challenge) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such invitation to you." });
  assertTeamChangesOpen(challenge, new Date());
  let joined;
  try {
    joined = await teamRepository.accept(input.inviteId, new Date());
  } catch (error) {
    if (error instanceof InviteGoneError) throw new AppError(AppErrorCode.CONFLICT, { message: "This invitation is no longer open." });
    if (error instanceof MergeQuotaError) {
      const { phase, used } = error;
      const over = used.total > phase.totalQuota ? `${used.total} submissions in total, over its ${phase.totalQuota}` : `${used.today} submissions today, over its daily ${phase.dailyQuota}`;
      throw new AppError(AppErrorCode.CONFLICT, {
        message: `Joining "${invite.team.name}" would give the team ${over} in ${phase.name}; a merged team may not have made more submissions than one team could.`,
      });
    }
    throw error;
  }
  await afterTeamChange(challenge.phases);
  const team = await teamRepository.findById(joined.teamId);
  if (!team) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such team." });
  return toTeamDto(team);
}

export async function declineInvite(input: { inviteId: string; user: SessionUser }): Promise<void> {
  const invite = await teamRepository.findInvite(input.inviteId);
  if (!invite || invite.userId !== input.user.id) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such invitation to you." });
  await teamRepository.deleteInvite(input.inviteId);
}

export async function leaveTeam(input: { slug: string; user: SessionUser }): Promise<void> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  assertTeamChangesOpen(challenge, new Date());
  try {
    await teamRepository.leave(challenge.id, input.user.id);
  } catch (error) {
    if (error instanceof LastMemberError) throw new AppError(AppErrorCode.CONFLICT, { message: "You are the team's last member and it has submissions: it cannot be left empty." });
    throw error;
  }
}

/** Submissions changed hands: the Ladder's shown scores are replayed, the statistics recomputed. */
async function afterTeamChange(phases: ReadonlyArray<{ id: string; ladder: boolean }>): Promise<void> {
  for (const phase of phases) {
    if (phase.ladder) await ladderRepository.reset(phase.id);
    await enqueueBoardStatistics(phase.id);
  }
}
