import { z } from "zod";
import {
  ZBySlugRequestSchema,
  ZChallengeDataDtoSchema,
  ZChallengeDetailDtoSchema,
  ZCreateChallengeRequestSchema,
  ZGalleryDtoSchema,
  ZGalleryRequestSchema,
  ZChallengeSummaryDtoSchema,
  ZPhaseDtoSchema,
  ZUpdatePhaseRequestSchema,
} from "../../contracts/challenge";
import { ZTransferTableDtoSchema } from "../../contracts/transfer";
import { createChallenge } from "../../services/challenge/create-challenge";
import { listTransfers } from "../../services/transfer/list-transfers";
import { getChallenge } from "../../services/challenge/get-challenge";
import { getChallengeData, getTrainingGallery } from "../../services/challenge/get-challenge-data";
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

  data: publicProcedure
    .input(ZBySlugRequestSchema)
    .output(ZChallengeDataDtoSchema)
    .query(({ ctx, input }) => getChallengeData({ slug: input.slug, user: ctx.session?.user ?? null })),

  gallery: publicProcedure
    .input(ZGalleryRequestSchema)
    .output(ZGalleryDtoSchema)
    .query(({ ctx, input }) => getTrainingGallery({ ...input, user: ctx.session?.user ?? null })),

  /** Models submitted here, evaluated on other challenges' test sets. */
  transfers: publicProcedure
    .input(ZBySlugRequestSchema)
    .output(ZTransferTableDtoSchema)
    .query(({ ctx, input }) => listTransfers({ slug: input.slug, user: ctx.session?.user ?? null })),

  create: hostProcedure
    .input(ZCreateChallengeRequestSchema)
    .output(z.object({ slug: z.string(), notice: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const { slug, notice } = await createChallenge({ user: ctx.session.user, request: input });
      return { slug, notice };
    }),

  updatePhase: hostProcedure
    .input(ZUpdatePhaseRequestSchema)
    .output(ZPhaseDtoSchema)
    .mutation(({ ctx, input }) => updatePhase({ user: ctx.session.user, request: input })),
});
