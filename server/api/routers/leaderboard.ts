import { ZLeaderboardDtoSchema, ZLeaderboardRequestSchema } from "../../contracts/leaderboard";
import { getLeaderboard } from "../../services/leaderboard/get-leaderboard";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const leaderboardRouter = createTRPCRouter({
  get: publicProcedure
    .input(ZLeaderboardRequestSchema)
    .output(ZLeaderboardDtoSchema)
    .query(({ ctx, input }) =>
      getLeaderboard({
        slug: input.challenge,
        phaseId: input.phaseId,
        board: input.board,
        page: input.page,
        pageSize: input.pageSize,
        user: ctx.session?.user ?? null,
      }),
    ),
});
