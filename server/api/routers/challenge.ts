import { z } from "zod";
import {
  ZBySlugRequestSchema,
  ZChallengeDetailDtoSchema,
  ZChallengeSummaryDtoSchema,
  ZPhaseDtoSchema,
  ZUpdatePhaseRequestSchema,
} from "../../contracts/challenge";
import { getChallenge } from "../../services/challenge/get-challenge";
import { listChallenges } from "../../services/challenge/list-challenges";
import { updatePhase } from "../../services/challenge/update-phase";
import { createTRPCRouter, hostProcedure, publicProcedure } from "../trpc";

export const challengeRouter = createTRPCRouter({
  list: publicProcedure
    .output(z.array(ZChallengeSummaryDtoSchema))
    .query(() => listChallenges()),

  bySlug: publicProcedure
    .input(ZBySlugRequestSchema)
    .output(ZChallengeDetailDtoSchema)
    .query(({ ctx, input }) => getChallenge({ slug: input.slug, user: ctx.session?.user ?? null })),

  updatePhase: hostProcedure
    .input(ZUpdatePhaseRequestSchema)
    .output(ZPhaseDtoSchema)
    .mutation(({ ctx, input }) => updatePhase({ user: ctx.session.user, request: input })),
});
