-- Dataset management: classification datasets with any number of classes keep their class
-- names (from the archive's classes.csv, HPA's 28 by default), index = label. Empty for
-- segmentation datasets and for classification datasets stored before this (HPA's 28).
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

ALTER TABLE "Dataset" ADD COLUMN "classNames" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Every item's truth (and its originals' blobs), hidden under truth/, so that a dataset can
-- be split again into a new version without its archive. Null for datasets stored before.
ALTER TABLE "Dataset" ADD COLUMN "resplitSourceKey" TEXT;
