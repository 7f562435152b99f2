-- Challenges that accept ONNX models declare a model contract and offer an example model.

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "modelContract" JSONB,
ADD COLUMN     "exampleModelKey" TEXT;
