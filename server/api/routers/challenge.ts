import { octetInputParser } from "@trpc/server/http";
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
  ZAddHostRequestSchema,
  ZAddPhaseRequestSchema,
  ZChallengeHostDtoSchema,
  ZRemoveHostRequestSchema,
  ZReorderPhasesRequestSchema,
  ZUpdateChallengeRequestSchema,
} from "../../contracts/challenge";
import { ZExportChallengeBundleResponseSchema, ZImportChallengeBundleResponseSchema } from "../../contracts/challenge-bundle";
import { ZTransferTableDtoSchema } from "../../contracts/transfer";
import { createChallenge } from "../../services/challenge/create-challenge";
import { exportChallengeBundle } from "../../services/challenge/export-challenge-bundle";
import { importChallengeBundle } from "../../services/challenge/import-challenge-bundle";
import { listTransfers } from "../../services/transfer/list-transfers";
import { getChallenge } from "../../services/challenge/get-challenge";
import { getChallengeData, getTrainingGallery } from "../../services/challenge/get-challenge-data";
import { listChallenges } from "../../services/challenge/list-challenges";
import { updatePhase } from "../../services/challenge/update-phase";
import { addHost } from "../../services/challenge/add-host";
import { addPhase } from "../../services/challenge/add-phase";
import { listHosts } from "../../services/challenge/list-hosts";
import { removeHost } from "../../services/challenge/remove-host";
import { reorderPhases } from "../../services/challenge/reorder-phases";
import { updateChallenge } from "../../services/challenge/update-challenge";
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

  /** The challenge as a bundle (challenge.yaml, pages, custom scorer): a zip, base64. */
  exportBundle: hostProcedure
    .input(ZBySlugRequestSchema)
    .output(ZExportChallengeBundleResponseSchema)
    .query(async ({ ctx, input }) => {
      const { filename, zip } = await exportChallengeBundle({ user: ctx.session.user, slug: input.slug });
      return { filename, base64: Buffer.from(zip).toString("base64") };
    }),

  /** Body: an upload frame (header { filename, slug? }, then the bundle's zip). */
  importBundle: hostProcedure
    .input(octetInputParser)
    .output(ZImportChallengeBundleResponseSchema)
    .mutation(({ ctx, input }) => importChallengeBundle({ user: ctx.session.user, stream: input })),

  /** Title, summary and the markdown pages (overview, data, evaluation, rules). */
  update: hostProcedure
    .input(ZUpdateChallengeRequestSchema)
    .output(z.object({ slug: z.string() }))
    .mutation(({ ctx, input }) => updateChallenge({ user: ctx.session.user, request: input })),

  updatePhase: hostProcedure
    .input(ZUpdatePhaseRequestSchema)
    .output(ZPhaseDtoSchema)
    .mutation(({ ctx, input }) => updatePhase({ user: ctx.session.user, request: input })),

  addPhase: hostProcedure
    .input(ZAddPhaseRequestSchema)
    .output(ZPhaseDtoSchema)
    .mutation(({ ctx, input }) => addPhase({ user: ctx.session.user, request: input })),

  reorderPhases: hostProcedure
    .input(ZReorderPhasesRequestSchema)
    .output(z.array(ZPhaseDtoSchema))
    .mutation(({ ctx, input }) => reorderPhases({ user: ctx.session.user, request: input })),

  hosts: hostProcedure
    .input(ZBySlugRequestSchema)
    .output(z.array(ZChallengeHostDtoSchema))
    .query(({ ctx, input }) => listHosts({ user: ctx.session.user, slug: input.slug })),

  /** A co-host, by email address or display name; answers the hosts as they are now. */
  addHost: hostProcedure
    .input(ZAddHostRequestSchema)
    .output(z.array(ZChallengeHostDtoSchema))
    .mutation(({ ctx, input }) => addHost({ user: ctx.session.user, slug: input.slug, reference: input.user })),

  removeHost: hostProcedure
    .input(ZRemoveHostRequestSchema)
    .output(z.array(ZChallengeHostDtoSchema))
    .mutation(({ ctx, input }) => removeHost({ user: ctx.session.user, slug: input.slug, userId: input.userId })),
});
