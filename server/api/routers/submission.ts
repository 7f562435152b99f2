import { octetInputParser } from "@trpc/server/http";
import { z } from "zod";
import { ZBySlugRequestSchema } from "../../contracts/challenge";
import {
  ZByIdRequestSchema,
  ZCreateSubmissionResponseSchema,
  ZMineRequestSchema,
  ZQuotaDtoSchema,
  ZRescorePhaseRequestSchema,
  ZChooseFinalRequestSchema,
  ZCommitModelRequestSchema,
  ZChooseFinalResponseSchema,
  ZRescorePhaseResponseSchema,
  ZSubmissionDtoSchema,
  ZSubmissionListItemDtoSchema,
} from "../../contracts/submission";
import { ZRequestTransferSchema, ZTransferCellSchema } from "../../contracts/transfer";
import { createSubmission } from "../../services/submission/create-submission";
import { requestTransfer } from "../../services/transfer/request-transfer";
import { cancelTransfer } from "../../services/transfer/cancel-transfer";
import { getQuota } from "../../services/submission/get-quota";
import { getSubmission } from "../../services/submission/get-submission";
import { listMySubmissions } from "../../services/submission/list-my-submissions";
import { cancelSubmission, rescorePhase, rescoreSubmission } from "../../services/submission/manage-submissions";
import { commitModel } from "../../services/submission/commit-model";
import { chooseFinalSubmission } from "../../services/submission/choose-final-submission";
import { createTRPCRouter, hostProcedure, protectedProcedure } from "../trpc";

export const submissionRouter = createTRPCRouter({
  /** Body: an upload frame (see contracts/upload-frame.ts): header JSON, then the file. */
  create: protectedProcedure
    .input(octetInputParser)
    .output(ZCreateSubmissionResponseSchema)
    .mutation(({ ctx, input }) => createSubmission({ user: ctx.session.user, stream: input })),

  /** Evaluate an ONNX model on another challenge's hidden test set (not on its leaderboard). */
  transfer: protectedProcedure
    .input(ZRequestTransferSchema)
    .output(z.object({ id: z.string(), status: ZTransferCellSchema.shape.status }))
    .mutation(({ ctx, input }) => requestTransfer({ user: ctx.session.user, ...input })),

  /** Stop a transfer evaluation (the model's owner or its requester). */
  cancelTransfer: protectedProcedure
    .input(ZByIdRequestSchema)
    .output(z.object({ id: z.string(), status: z.enum(["cancelled", "cancelling"]) }))
    .mutation(({ ctx, input }) => cancelTransfer({ id: input.id, user: ctx.session.user })),

  mine: protectedProcedure
    .input(ZMineRequestSchema)
    .output(z.array(ZSubmissionListItemDtoSchema))
    .query(({ ctx, input }) => listMySubmissions({ slug: input.challenge, user: ctx.session.user })),

  byId: protectedProcedure
    .input(ZByIdRequestSchema)
    .output(ZSubmissionDtoSchema)
    .query(({ ctx, input }) => getSubmission({ id: input.id, user: ctx.session.user })),

  /** Chooses a scored submission for the private board (up to the phase's finalChoices), or takes it back. */
  chooseFinal: protectedProcedure
    .input(ZChooseFinalRequestSchema)
    .output(ZChooseFinalResponseSchema)
    .mutation(({ ctx, input }) => chooseFinalSubmission({ user: ctx.session.user, id: input.id, chosen: input.chosen })),

  /** Commits a scored ONNX model for the stage that runs committed models (one per participant), or withdraws it. */
  commitModel: protectedProcedure
    .input(ZCommitModelRequestSchema)
    .output(z.object({ committed: z.boolean(), stage: z.string() }))
    .mutation(({ ctx, input }) => commitModel({ user: ctx.session.user, id: input.id, committed: input.committed })),

  quota: protectedProcedure
    .input(ZBySlugRequestSchema)
    .output(ZQuotaDtoSchema.nullable())
    .query(({ ctx, input }) => getQuota({ slug: input.slug, user: ctx.session.user })),

  cancel: hostProcedure
    .input(ZByIdRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => cancelSubmission({ id: input.id, user: ctx.session.user })),

  rescore: hostProcedure
    .input(ZByIdRequestSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => rescoreSubmission({ id: input.id, user: ctx.session.user })),

  rescorePhase: hostProcedure
    .input(ZRescorePhaseRequestSchema)
    .output(ZRescorePhaseResponseSchema)
    .mutation(({ ctx, input }) => rescorePhase({ phaseId: input.phaseId, user: ctx.session.user })),
});
