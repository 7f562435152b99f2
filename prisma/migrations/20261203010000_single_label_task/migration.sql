-- Single-label classification: an HPA-layout dataset whose every image has exactly one class,
-- scored by accuracy or macro F1 (the multi-label metrics would accept it but answer another
-- question). A new value only, so existing rows keep their task.

-- AlterEnum
ALTER TYPE "TaskType" ADD VALUE 'singlelabel_classification';
