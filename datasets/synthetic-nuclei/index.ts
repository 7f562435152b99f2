// "synthetic-nuclei": a deterministic stand-in for DSB 2018 stage 1, for demos and tests.
import { z } from "zod";
import { assignSplits } from "../assign-splits";
import { encodeGreyPng, encodeRgbPng } from "../png";
import { createPrng, hashHex, seedFromHex } from "../prng";
import type { DatasetGenerator, GeneratedDataset, GeneratedItem, Split } from "../types";
import { layoutNuclei } from "./layout-nuclei";
import { renderBrightfield, renderFluorescence } from "./render-image";

const GENERATOR_ID = "synthetic-nuclei";
// Bump whenever the output for a given seed changes: image ids include the version, so a
// re-rendered image never reuses the id (and hidden truth) of an older one.
const GENERATOR_VERSION = "1.0.0";

const sizeSchema = z.object({
  width: z.number().int().min(16).max(2048),
  height: z.number().int().min(16).max(2048),
});

/** Non-square sizes on purpose: a row-major / column-major RLE mix-up cannot pass unnoticed. */
export const DEFAULT_SIZES = [
  { width: 128, height: 128 },
  { width: 200, height: 160 },
  { width: 160, height: 200 },
  { width: 256, height: 192 },
] as const satisfies ReadonlyArray<z.infer<typeof sizeSchema>>;

export const ZSyntheticNucleiOptionsSchema = z
  .object({
    seed: z.number().int(),
    count: z.number().int().min(0).max(10_000).default(36),
    sizes: z.array(sizeSchema).min(1).default(DEFAULT_SIZES.map((size) => ({ ...size }))),
    splitFractions: z
      .object({
        train: z.number().min(0),
        public_test: z.number().min(0),
        private_test: z.number().min(0),
      })
      .refine((f) => f.train + f.public_test + f.private_test > 0, "split fractions must not all be zero")
      .default({ train: 1 / 3, public_test: 1 / 3, private_test: 1 / 3 }),
    nucleiPerImage: z
      .object({ min: z.number().int().min(1), max: z.number().int().max(500) })
      .refine((r) => r.min <= r.max, "min must not exceed max")
      .default({ min: 5, max: 30 }),
    radiusRange: z
      .tuple([z.number().min(2), z.number().max(64)])
      .refine(([min, max]) => min <= max, "min must not exceed max")
      .default([4, 14]),
    /** Share of images rendered as brightfield (dark nuclei on light background), spread over the splits. */
    brightfieldFraction: z.number().min(0).max(1).default(1 / 6),
    /** Images (by index) drawn with no nuclei at all: the "empty image" edge case of the DSB format. */
    emptyImageIndices: z.array(z.number().int().min(0)).default([]),
  })
  .strict();

export type SyntheticNucleiOptions = Omit<z.input<typeof ZSyntheticNucleiOptionsSchema>, "seed">;

type Modality = "fluorescence" | "brightfield";

const STAIN: Record<Modality, string> = { fluorescence: "DAPI-like", brightfield: "hematoxylin-like" };

function generate(input: SyntheticNucleiOptions & { seed: number }): GeneratedDataset {
  const options = ZSyntheticNucleiOptionsSchema.parse(input);
  const { seed, count } = options;

  // Dataset-level choices use their own stream so that an image's pixels depend only on its id.
  const datasetPrng = createPrng(seedFromHex(hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, "dataset")));
  const order = datasetPrng.shuffle(Array.from({ length: count }, (_, i) => i));
  const brightfieldCount = Math.round(count * options.brightfieldFraction);
  const brightfield = new Set(order.slice(0, brightfieldCount));
  // `order` lists the brightfield images first, so the split assignment spreads both modalities.
  const splits = assignSplits(order, options.splitFractions);
  const empty = new Set(options.emptyImageIndices);

  const items: GeneratedItem[] = [];
  for (let index = 0; index < count; index++) {
    const imageId = hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, index);
    const prng = createPrng(seedFromHex(imageId));
    const { width, height } = prng.pick(options.sizes);
    const dense = prng.next() < 0.5;
    const { min, max } = options.nucleiPerImage;
    const middle = Math.floor((min + max) / 2);
    const target = empty.has(index) ? 0 : dense ? prng.int(Math.min(middle + 1, max), max) : prng.int(min, middle);
    const layout = layoutNuclei(prng, {
      width,
      height,
      targetCount: target,
      radiusRange: options.radiusRange,
      touchingProbability: dense ? 0.3 : 0.15,
    });
    const modality: Modality = brightfield.has(index) ? "brightfield" : "fluorescence";
    const scene = { width, height, labels: layout.labels, nuclei: layout.nuclei };
    const png =
      modality === "brightfield"
        ? encodeRgbPng(renderBrightfield(prng, scene), width, height)
        : encodeGreyPng(renderFluorescence(prng, scene), width, height);
    const split: Split = splits.get(index) ?? "train";
    items.push({
      imageId,
      width,
      height,
      split,
      metadata: {
        modality,
        stain: STAIN[modality],
        density: target === 0 ? "empty" : dense ? "dense" : "sparse",
        nuclei: layout.nuclei.length,
      },
      png,
      labels: layout.labels,
      objectCount: layout.nuclei.length,
    });
  }
  return { generatorId: GENERATOR_ID, generatorVersion: GENERATOR_VERSION, seed, items };
}

export const syntheticNuclei = {
  id: GENERATOR_ID,
  version: GENERATOR_VERSION,
  title: "Synthetic nuclei (fluorescence and brightfield)",
  generate,
} as const satisfies DatasetGenerator<SyntheticNucleiOptions>;
