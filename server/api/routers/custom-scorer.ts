import { z } from "zod";
import {
  ZCustomScorerVersionDtoSchema,
  ZListCustomScorersRequestSchema,
  ZSetChallengeScorerRequestSchema,
  ZSetChallengeScorerResponseSchema,
  ZUploadCustomScorerRequestSchema,
  ZUploadCustomScorerResponseSchema,
} from "../../contracts/custom-scorer";
import { listCustomScorers } from "../../services/custom-scorer/list-custom-scorers";
import { setChallengeScorer } from "../../services/custom-scorer/set-challenge-scorer";
import { uploadCustomScorer } from "../../services/custom-scorer/upload-custom-scorer";
import { createTRPCRouter, hostProcedure } from "../trpc";

export const customScorerRouter = createTRPCRouter({
  /** Uploads a scorer module and tries it in the sandbox; stored only if it passes. */
  upload: hostProcedure
    .input(ZUploadCustomScorerRequestSchema)
    .output(ZUploadCustomScorerResponseSchema)
    .mutation(({ ctx, input }) => uploadCustomScorer({ user: ctx.session.user, request: input })),

  list: hostProcedure
    .input(ZListCustomScorersRequestSchema)
    .output(z.array(ZCustomScorerVersionDtoSchema))
    .query(({ ctx, input }) => listCustomScorers({ user: ctx.session.user, challengeSlug: input.challengeSlug })),

  /** Makes a version that passed its trial the challenge's metric. */
  setChallengeScorer: hostProcedure
    .input(ZSetChallengeScorerRequestSchema)
    .output(ZSetChallengeScorerResponseSchema)
    .mutation(({ ctx, input }) => setChallengeScorer({ user: ctx.session.user, ...input })),
});
