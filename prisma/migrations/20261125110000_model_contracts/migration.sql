-- Challenges that accept ONNX models declare a model contract and offer an example model.
-- Four-channel dataset items keep their channels, which models are fed.

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "modelContract" JSONB,
ADD COLUMN     "exampleModelKey" TEXT;

-- AlterTable
ALTER TABLE "DatasetItem" ADD COLUMN     "channelKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];
