-- One leased-job model for every background job (server/jobs/leased-job.ts): transfers and
-- dataset imports get the lease columns submissions already had, every job table gets a
-- cancel request, and transfers and imports can end "cancelled".

-- AlterEnum
ALTER TYPE "TransferStatus" ADD VALUE 'cancelled';
ALTER TYPE "DatasetImportStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "cancelRequestedAt" TIMESTAMP(3);

ALTER TABLE "TransferEvaluation"
  ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "takeovers" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "leaseOwner" TEXT,
  ADD COLUMN "heartbeatAt" TIMESTAMP(3),
  ADD COLUMN "cancelRequestedAt" TIMESTAMP(3),
  ADD COLUMN "startedAt" TIMESTAMP(3);

ALTER TABLE "DatasetImport"
  ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "takeovers" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "leaseOwner" TEXT,
  ADD COLUMN "heartbeatAt" TIMESTAMP(3),
  ADD COLUMN "cancelRequestedAt" TIMESTAMP(3),
  ADD COLUMN "startedAt" TIMESTAMP(3);

-- Rows a worker was running under the old model have no heartbeat: give them one now, so
-- the reaper takes them over after one lease instead of never.
UPDATE "TransferEvaluation" SET "heartbeatAt" = now() WHERE status = 'running';
UPDATE "DatasetImport" SET "heartbeatAt" = now() WHERE status = 'running';

-- CreateIndex
CREATE INDEX "TransferEvaluation_status_heartbeatAt_idx" ON "TransferEvaluation"("status", "heartbeatAt");
CREATE INDEX "DatasetImport_status_heartbeatAt_idx" ON "DatasetImport"("status", "heartbeatAt");
