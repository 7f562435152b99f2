// The contract between dataset generators (synthetic now, importers later) and everything
// that turns their output into challenge artefacts (truth CSV, sample submission, zips).

/**
 * "validation": host-chosen images outside the test set. They are predicted with the test
 * images (they are in test.zip, listed in its validation.csv) and scored per image during a
 * phase, but never count in the public, private or overall score.
 */
export type Split = "train" | "public_test" | "private_test" | "validation";

// Validation last: assignSplits breaks ties in this order, so datasets without validation
// images are split exactly as before it existed.
export const SPLITS = ["train", "public_test", "private_test", "validation"] as const satisfies readonly Split[];

/** Splits whose images are predicted by participants (in test.zip and the hidden truth). */
export type PredictedSplit = Exclude<Split, "train">;

/** How a truth row counts (the scorers' `TruthUsage`); null when a dataset has no such column. */
export type ItemUsage = "Public" | "Private" | "Validation" | "Ignored";

/** The Usage a truth row gets from its item's split (unless the item overrides it, e.g. "Ignored"). */
export const USAGE_OF_SPLIT = {
  public_test: "Public",
  private_test: "Private",
  validation: "Validation",
} as const satisfies Record<PredictedSplit, ItemUsage>;

export interface GeneratedItem {
  /** 64 lowercase hex characters, like the DSB 2018 ids; stable for a given generator, version, seed and index. */
  imageId: string;
  width: number;
  height: number;
  split: Split;
  /** Descriptive columns (modality, stain, …). May include truth-derived values such as counts. */
  metadata: Record<string, string | number>;
  /** The image as an 8-bit greyscale or RGB PNG. */
  png: Uint8Array;
  /** Row-major instance labels (index y * width + x): 0 = background, 1..objectCount = objects. */
  labels: Uint16Array;
  objectCount: number;
  /** Test items only: overrides the Usage their split implies, e.g. "Ignored" for Kaggle-style decoys. */
  usage?: ItemUsage;
  /** Imported images deeper than 8 bits: the file as given, which train.zip ships instead of the stretched `png`. */
  original?: OriginalImage;
  /** Imported mask files' names by label (label n ↔ maskNames[n - 1]), which train.zip keeps. */
  maskNames?: string[];
}

/** An image file as uploaded: its bytes and lowercase extension (png, tif, tiff). */
export interface OriginalImage {
  extension: string;
  bytes: Uint8Array;
}

export interface GeneratedDataset {
  generatorId: string;
  generatorVersion: string;
  seed: number;
  items: GeneratedItem[];
}

export interface DatasetGenerator<Options> {
  id: string;
  version: string;
  title: string;
  generate(options: Options & { seed: number }): GeneratedDataset;
}

/** HPA channel order and file suffixes: microtubules, protein of interest, nucleus, ER. */
export const HPA_CHANNELS = ["red", "green", "blue", "yellow"] as const;
export type HpaChannel = (typeof HPA_CHANNELS)[number];

/** One multi-label protein-localization sample (HPA layout): four greyscale channels and 0–27 labels. */
export interface CellImageItem {
  /** HPA-style id (a UUID such as "00070df0-bbc3-11e8-b2bc-ac1f6b6435d0"). */
  imageId: string;
  width: number;
  height: number;
  split: Split;
  /** Descriptive columns (e.g. cellLine). Never anything derived from the labels. */
  metadata: Record<string, string | number>;
  /** One 8-bit greyscale PNG per channel. */
  channels: Record<HpaChannel, Uint8Array>;
  /** Sorted, distinct HPA class ids (0–27; names in scorers/hpa-macro-f1/classes.ts). */
  labels: number[];
  /** Test items only: overrides the Usage their split implies (e.g. "Ignored"). */
  usage?: ItemUsage;
}

export interface GeneratedCellDataset {
  generatorId: string;
  generatorVersion: string;
  seed: number;
  items: CellImageItem[];
}
