-- Models evaluated on other challenges' hidden test images (transfer), off the leaderboards.

-- CreateEnum
CREATE TYPE "TransferStatus" AS ENUM ('queued', 'running', 'scored', 'failed');

-- CreateTable
CREATE TABLE "TransferEvaluation" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "targetChallengeId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" "TransferStatus" NOT NULL DEFAULT 'queued',
    "score" DOUBLE PRECISION,
    "result" JSONB,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TransferEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TransferEvaluation_submissionId_targetChallengeId_key" ON "TransferEvaluation"("submissionId", "targetChallengeId");

-- AddForeignKey
ALTER TABLE "TransferEvaluation" ADD CONSTRAINT "TransferEvaluation_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferEvaluation" ADD CONSTRAINT "TransferEvaluation_targetChallengeId_fkey" FOREIGN KEY ("targetChallengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferEvaluation" ADD CONSTRAINT "TransferEvaluation_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

