-- Final submissions (Kaggle's "select for final score"): a participant chooses up to
-- "finalChoices" submissions of a phase for the private board before it ends. Without a
-- choice, the private score of the best public submission counts, as before.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

ALTER TABLE "Phase" ADD COLUMN "finalChoices" INTEGER NOT NULL DEFAULT 2;

ALTER TABLE "Submission" ADD COLUMN "chosenAt" TIMESTAMP(3),
    ADD COLUMN "message" TEXT;
