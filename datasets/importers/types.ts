// What every importer returns: a normalized in-memory dataset, or every problem found.
import type { HpaChannel, ItemUsage, OriginalImage } from "../types";

/** One finding, located as precisely as we can; `message` already names the file, line and image. */
export interface ImportProblem {
  /** Path relative to the source root (posix separators). */
  file?: string;
  /** 1-based line number in `file` (CSV files; the header is line 1). */
  line?: number;
  imageId?: string;
  message: string;
}

/**
 * Importers never throw on bad input: they collect everything they find. A failed import
 * still carries its warnings, so a user fixing the errors sees the whole picture at once.
 */
export type ImportResult<T> =
  | { ok: true; value: T; warnings: ImportProblem[] }
  | { ok: false; problems: ImportProblem[]; warnings: ImportProblem[] };

export interface ImportedSegmentationItem {
  imageId: string;
  width: number;
  height: number;
  /** Normalized PNG for display and download: 8-bit grey or RGB, alpha dropped (see README). */
  png: Uint8Array;
  /** Row-major instance labels: 0 = background, 1..objectCount = objects. */
  labels: Uint16Array;
  objectCount: number;
  metadata: Record<string, string | number>;
  usage: ItemUsage | null;
  /** The image file, relative to the source root. */
  source: string;
  /** Images deeper than 8 bits: the file itself, so downloads keep the original bit depth. */
  original?: OriginalImage;
  /** DSB masks: the mask files' names by label (label n ↔ maskNames[n - 1]). */
  maskNames?: string[];
}

export interface ImportedSegmentationDataset {
  kind: "instance_segmentation";
  layout: "dsb" | "instance-labels";
  items: ImportedSegmentationItem[];
}

export interface ImportedCellItem {
  imageId: string;
  width: number;
  height: number;
  /** One 8-bit greyscale PNG per channel. */
  channels: Record<HpaChannel, Uint8Array>;
  /** Sorted, distinct class ids, each below the dataset's number of classes. */
  labels: number[];
  metadata: Record<string, string | number>;
  usage: ItemUsage | null;
  /** The channel files' common prefix (`<folder>/<Id>`), relative to the source root. */
  source: string;
}

export interface ImportedCellDataset {
  /** Single-label only when the host asked for it (ImportOptions.labels), every row then has exactly one label. */
  kind: "multilabel_classification" | "singlelabel_classification";
  layout: "hpa";
  /** Class names by label (from a classes.csv; HPA's 28 by default). */
  classes: string[];
  items: ImportedCellItem[];
}

export type ImportedDataset = ImportedSegmentationDataset | ImportedCellDataset;

export interface ImportOptions {
  /**
   * Metadata CSV (`ImageId,<column>…`): a path inside the source or the file's bytes. When
   * absent, a single file named `metadata.csv` anywhere in the source is used.
   */
  metadataCsv?: string | Uint8Array;
  /**
   * Classification (HPA layout only): "single" requires exactly one label per image and makes
   * a single-label dataset; "multi" (the default) takes any number. Other layouts refuse it.
   */
  labels?: "multi" | "single";
  /** Called with 0 first, then after each image, ending with done === total. */
  onProgress?(done: number, total: number): void;
}

export type Layout = "dsb" | "hpa" | "instance-labels";
