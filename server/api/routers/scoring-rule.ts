import {
  ZGetScoringRuleRequestSchema,
  ZScoringRuleChangeRequestSchema,
  ZScoringRuleDtoSchema,
  ZScoringRulePreviewSchema,
  ZUpdateScoringRuleResponseSchema,
} from "../../contracts/scoring-rule";
import { getScoringRule } from "../../services/scoring-rule/get-scoring-rule";
import { previewScoringRule } from "../../services/scoring-rule/preview-scoring-rule";
import { updateScoringRule } from "../../services/scoring-rule/update-scoring-rule";
import { createTRPCRouter, hostProcedure } from "../trpc";

export const scoringRuleRouter = createTRPCRouter({
  /** The rule, the metrics it may name with their parameter forms, its history and re-score offers. */
  get: hostProcedure
    .input(ZGetScoringRuleRequestSchema)
    .output(ZScoringRuleDtoSchema)
    .query(({ ctx, input }) => getScoringRule({ user: ctx.session.user, slug: input.slug })),

  /** Scores the sample submission and the baselines under a proposed rule; stores nothing. */
  preview: hostProcedure
    .input(ZScoringRuleChangeRequestSchema)
    .output(ZScoringRulePreviewSchema)
    .mutation(({ ctx, input }) => previewScoringRule({ user: ctx.session.user, request: input })),

  /** Saves a changed rule as the next version; answers which phases have scores under older ones. */
  update: hostProcedure
    .input(ZScoringRuleChangeRequestSchema)
    .output(ZUpdateScoringRuleResponseSchema)
    .mutation(({ ctx, input }) => updateScoringRule({ user: ctx.session.user, request: input })),
});
