// Static registry of dataset generators; callers reach generators only through it.
import { syntheticNuclei } from "./synthetic-nuclei";

export const datasetGenerators = {
  "synthetic-nuclei": syntheticNuclei,
} as const;

export type DatasetGeneratorId = keyof typeof datasetGenerators;

export type { DatasetGenerator, GeneratedDataset, GeneratedItem, Split } from "./types";
export { toDsbTruthCsv, toSubmissionCsv, sampleSubmission } from "./dsb-format";
export { trainingZip, testImagesZip } from "./zip-export";
export { baselineSegment, baselineSegmentPng } from "./baseline-segmenter";
