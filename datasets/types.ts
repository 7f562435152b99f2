// The contract between dataset generators (synthetic now, importers later) and everything
// that turns their output into challenge artefacts (truth CSV, sample submission, zips).

export type Split = "train" | "public_test" | "private_test";

export const SPLITS = ["train", "public_test", "private_test"] as const satisfies readonly Split[];

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
