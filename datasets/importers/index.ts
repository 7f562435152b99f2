// Importers: real dataset folders and zips → normalized, validated in-memory datasets.
export { directorySource, memorySource, zipSource } from "./file-source";
export type { FileSource } from "./file-source";
export { importDsb } from "./import-dsb";
export { importHpa } from "./import-hpa";
export { importInstanceLabels } from "./import-instance-labels";
export { detectLayout, importAny } from "./detect-layout";
export type {
  ImportedCellDataset,
  ImportedCellItem,
  ImportedDataset,
  ImportedSegmentationDataset,
  ImportedSegmentationItem,
  ImportOptions,
  ImportProblem,
  ImportResult,
  Layout,
} from "./types";
