import { z } from "zod";
import { ZBySlugRequestSchema } from "../../contracts/challenge";
import { ZCreateTeamRequestSchema, ZInviteToTeamRequestSchema, ZMyTeamDtoSchema, ZTeamDtoSchema, ZTeamInviteRequestSchema } from "../../contracts/team";
import { acceptInvite, createTeam, declineInvite, inviteToTeam, leaveTeam, listTeams, myTeam } from "../../services/team/teams";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const teamRouter = createTRPCRouter({
  /** Every team of the challenge and its members. */
  list: publicProcedure
    .input(ZBySlugRequestSchema)
    .output(z.array(ZTeamDtoSchema))
    .query(({ ctx, input }) => listTeams({ slug: input.slug, user: ctx.session?.user ?? null })),

  /** The viewer's team, the invitations to them, and until when teams may change. */
  mine: protectedProcedure
    .input(ZBySlugRequestSchema)
    .output(ZMyTeamDtoSchema)
    .query(({ ctx, input }) => myTeam({ slug: input.slug, user: ctx.session.user })),

  create: protectedProcedure
    .input(ZCreateTeamRequestSchema)
    .output(ZTeamDtoSchema)
    .mutation(({ ctx, input }) => createTeam({ slug: input.slug, name: input.name, user: ctx.session.user })),

  invite: protectedProcedure
    .input(ZInviteToTeamRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => inviteToTeam({ slug: input.slug, reference: input.user, user: ctx.session.user })),

  /** Joins the inviting team (a member of another team brings that whole team: a merge). */
  accept: protectedProcedure
    .input(ZTeamInviteRequestSchema)
    .output(ZTeamDtoSchema)
    .mutation(({ ctx, input }) => acceptInvite({ inviteId: input.inviteId, user: ctx.session.user })),

  decline: protectedProcedure
    .input(ZTeamInviteRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => declineInvite({ inviteId: input.inviteId, user: ctx.session.user })),

  leave: protectedProcedure
    .input(ZBySlugRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => leaveTeam({ slug: input.slug, user: ctx.session.user })),
});
