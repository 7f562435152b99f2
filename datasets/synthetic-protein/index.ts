// "synthetic-protein": a deterministic stand-in for the HPA 2018 Image Classification
// competition (multi-label protein localisation in four-channel fields of cells).
import { z } from "zod";
import { assignSplits } from "../assign-splits";
import { encodeGreyPng } from "../png";
import { createPrng, hashHex, seedFromHex } from "../prng";
import type { CellImageItem, GeneratedCellDataset, HpaChannel, Split } from "../types";
import { CELL_LINE_NAMES, layoutCells } from "./layout-cells";
import { renderCellChannels } from "./render-channels";
import { LABEL_WEIGHTS, sampleLabels } from "./sample-labels";

export { CELL_LINE_NAMES } from "./layout-cells";
export { NOT_PRODUCED, PRODUCED_CLASSES } from "./sample-labels";

const GENERATOR_ID = "synthetic-protein";
// Bump whenever the output for a given seed changes: image ids include the version, so a
// re-rendered image never reuses the id (and hidden labels) of an older one.
const GENERATOR_VERSION = "1.0.0";

const ZSyntheticProteinOptionsSchema = z
  .object({
    seed: z.number().int(),
    count: z.number().int().min(0).max(20_000).default(600),
    /** Square fields of size × size px. HPA's own images are 512 px. */
    size: z.number().int().min(32).max(512).default(128),
    splitFractions: z
      .object({
        train: z.number().min(0),
        public_test: z.number().min(0),
        private_test: z.number().min(0),
        /** Validation images (outside the test set); none by default. */
        validation: z.number().min(0).default(0),
      })
      .refine((f) => f.train + f.public_test + f.private_test + f.validation > 0, "split fractions must not all be zero")
      .default({ train: 0.5, public_test: 0.25, private_test: 0.25, validation: 0 }),
    cellsPerImage: z
      .object({ min: z.number().int().min(1), max: z.number().int().max(30) })
      .refine((r) => r.min <= r.max, "min must not exceed max")
      .default({ min: 3, max: 8 }),
    cellLines: z.array(z.enum(CELL_LINE_NAMES)).min(1).default([...CELL_LINE_NAMES]),
  })
  .strict();

export type SyntheticProteinOptions = Omit<z.input<typeof ZSyntheticProteinOptionsSchema>, "seed">;

/** A 64-hex hash shown as an HPA-style id: 8-4-4-4-12 hex digits (36 characters, like a UUID). */
export function hpaStyleId(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function generate(input: SyntheticProteinOptions & { seed: number }): GeneratedCellDataset {
  const options = ZSyntheticProteinOptionsSchema.parse(input);
  const { seed, count, size } = options;

  // First pass: ids and labels. Labels and pixels use separate streams seeded by the id,
  // so an image depends only on its id (and the options that shape it), not on its index.
  const plans = Array.from({ length: count }, (_, index) => {
    const imageId = hpaStyleId(hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, index));
    const labels = sampleLabels(createPrng(seedFromHex(hashHex(imageId, "labels"))));
    return { imageId, labels };
  });

  // Order images by their rarest class (rarest first, shuffled within a class): the split
  // assignment keeps every prefix proportional, so each rare class is spread over the splits.
  const datasetPrng = createPrng(seedFromHex(hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, "dataset")));
  const tiebreak = datasetPrng.shuffle(Array.from({ length: count }, (_, i) => i));
  const rank = new Map(tiebreak.map((index, position) => [index, position]));
  const rarity = plans.map(({ labels }) => Math.min(...labels.map((c) => LABEL_WEIGHTS.get(c) ?? Infinity)));
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (rarity[a] ?? 0) - (rarity[b] ?? 0) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0),
  );
  const splits = assignSplits(order, options.splitFractions);

  const items: CellImageItem[] = plans.map(({ imageId, labels }, index) => {
    const prng = createPrng(seedFromHex(hashHex(imageId, "pixels")));
    const cellLine = prng.pick(options.cellLines);
    const field = layoutCells(prng, {
      width: size,
      height: size,
      cellCount: prng.int(options.cellsPerImage.min, options.cellsPerImage.max),
      cellLine,
    });
    const grey = renderCellChannels(prng, field, labels);
    const encode = (channel: HpaChannel): Uint8Array => encodeGreyPng(grey[channel], size, size);
    const channels = { red: encode("red"), green: encode("green"), blue: encode("blue"), yellow: encode("yellow") };
    const split: Split = splits.get(index) ?? "train";
    return {
      imageId,
      width: size,
      height: size,
      split,
      // Only things a participant could see in the picture anyway; never the labels.
      metadata: { cellLine, cells: field.cells.length },
      channels,
      labels,
    };
  });
  return { generatorId: GENERATOR_ID, generatorVersion: GENERATOR_VERSION, seed, items };
}

export const syntheticProtein = {
  id: GENERATOR_ID,
  version: GENERATOR_VERSION,
  title: "Synthetic protein localisation (HPA-style, four channels, multi-label)",
  generate,
} as const satisfies {
  id: string;
  version: string;
  title: string;
  generate(options: SyntheticProteinOptions & { seed: number }): GeneratedCellDataset;
};
