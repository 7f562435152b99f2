// Static registry of dataset generators; callers reach generators only through it.
import { syntheticNuclei } from "./synthetic-nuclei";
import { syntheticProtein } from "./synthetic-protein";

export const datasetGenerators = {
  "synthetic-nuclei": syntheticNuclei,
  "synthetic-protein": syntheticProtein,
} as const;

export type DatasetGeneratorId = keyof typeof datasetGenerators;

export type { CellImageItem, DatasetGenerator, GeneratedCellDataset, GeneratedDataset, GeneratedItem, Split } from "./types";
export { toDsbTruthCsv, toSubmissionCsv, sampleSubmission } from "./dsb-format";
export { trainingZip, testImagesZip } from "./zip-export";
export { baselineSegment, baselineSegmentPng } from "./baseline-segmenter";
export { hpaSampleSubmission, hpaTestImagesZip, hpaTrainingZip, toHpaSubmissionCsv, toHpaTruthCsv } from "./hpa-format";
export { baselineSubmission, fitBaselineClassifier } from "./baseline-classifier";
