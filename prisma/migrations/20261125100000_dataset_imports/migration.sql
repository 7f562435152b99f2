-- Datasets: task type, content hash (idempotent imports), public artefacts, stats.
-- Items: overlays and train-only labels. Background imports of uploaded archives.

-- CreateEnum
CREATE TYPE "DatasetImportStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "taskType" "TaskType" NOT NULL DEFAULT 'instance_segmentation',
ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "trainingZipKey" TEXT,
ADD COLUMN     "testImagesZipKey" TEXT,
ADD COLUMN     "sampleSubmissionKey" TEXT,
ADD COLUMN     "publicMetadataKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "stats" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "DatasetItem" DROP COLUMN "maskKey",
ADD COLUMN     "overlayKey" TEXT,
ADD COLUMN     "objectCount" INTEGER,
ADD COLUMN     "labels" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "DatasetImport" (
    "id" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "uploadKey" TEXT NOT NULL,
    "status" "DatasetImportStatus" NOT NULL DEFAULT 'queued',
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "outcome" TEXT,
    "datasetId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DatasetImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DatasetImport_createdById_createdAt_idx" ON "DatasetImport"("createdById", "createdAt");

-- AddForeignKey
ALTER TABLE "DatasetImport" ADD CONSTRAINT "DatasetImport_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImport" ADD CONSTRAINT "DatasetImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
