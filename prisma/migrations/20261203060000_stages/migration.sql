-- Stages as the DSB ran them: a phase may be scored on its own test set (a further dataset),
-- hidden until it opens. Its board may be the final one, and it may take only models
-- committed in the phase before it, run automatically when it opens.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

-- AlterTable
ALTER TABLE "Phase" ADD COLUMN     "committedModels" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "committedRunsAt" TIMESTAMP(3),
ADD COLUMN     "isFinal" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "testDatasetId" TEXT;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "committedAt" TIMESTAMP(3),
ADD COLUMN     "committedFromId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Submission_phaseId_committedFromId_key" ON "Submission"("phaseId", "committedFromId");

-- AddForeignKey
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_testDatasetId_fkey" FOREIGN KEY ("testDatasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_committedFromId_fkey" FOREIGN KEY ("committedFromId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

