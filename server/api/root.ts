import { challengeRouter } from "./routers/challenge";
import { customScorerRouter } from "./routers/custom-scorer";
import { datasetRouter } from "./routers/dataset";
import { leaderboardRouter } from "./routers/leaderboard";
import { scoringRuleRouter } from "./routers/scoring-rule";
import { submissionRouter } from "./routers/submission";
import { teamRouter } from "./routers/team";
import { userRouter } from "./routers/user";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  challenge: challengeRouter,
  dataset: datasetRouter,
  submission: submissionRouter,
  leaderboard: leaderboardRouter,
  user: userRouter,
  customScorer: customScorerRouter,
  scoringRule: scoringRuleRouter,
  team: teamRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
