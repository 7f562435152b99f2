// "synthetic-nuclei": a deterministic stand-in for DSB 2018, for demos and tests, in the
// spirit of the SIMCEP simulator (BBBC004): fluorescence, brightfield and H&E images with
// exact instance labels, and a condition shift between training and private test images.
import { z } from "zod";
import { assignSplits } from "../assign-splits";
import { encodeGreyPng, encodeRgbPng } from "../png";
import type { Prng } from "../prng";
import { createPrng, hashHex, seedFromHex } from "../prng";
import type { DatasetGenerator, GeneratedDataset, GeneratedItem, Split } from "../types";
import { assignConditions } from "./assign-conditions";
import type { Condition, Density } from "./conditions";
import {
  CLUSTERED_DENSITY,
  CONDITION_PROFILES,
  DEFAULT_CONDITION_MIX,
  DENSITIES,
  SCATTERED_DENSITIES,
} from "./conditions";
import type { Placement } from "./layout-nuclei";
import { layoutNuclei } from "./layout-nuclei";
import { renderImage } from "./render-image";

export { CONDITIONS, CONDITION_PROFILES } from "./conditions";

const GENERATOR_ID = "synthetic-nuclei";
// Bump whenever the output for a given seed changes: image ids include the version, so a
// re-rendered image never reuses the id (and hidden truth) of an older one.
const GENERATOR_VERSION = "2.0.0";

const sizeSchema = z.object({
  width: z.number().int().min(16).max(2048),
  height: z.number().int().min(16).max(2048),
});

/**
 * DSB 2018 images range from 256×256 to 1040×1388, most of them 256×256; these keep its
 * aspect mix at demo cost. Non-square sizes on purpose: a row-major / column-major RLE
 * mix-up cannot pass unnoticed.
 */
export const DEFAULT_SIZES = [
  { width: 256, height: 256 },
  { width: 320, height: 256 },
  { width: 256, height: 320 },
  { width: 360, height: 360 },
] as const satisfies ReadonlyArray<z.infer<typeof sizeSchema>>;

/** Weights of the conditions within one split; missing conditions weigh 0. */
const conditionWeightsSchema = z
  .object({
    fluorescence: z.number().min(0).default(0),
    brightfield: z.number().min(0).default(0),
    histology: z.number().min(0).default(0),
  })
  .strict()
  .refine((w) => w.fluorescence + w.brightfield + w.histology > 0, "condition weights must not all be zero");

const ZSyntheticNucleiOptionsSchema = z
  .object({
    seed: z.number().int(),
    count: z.number().int().min(0).max(10_000).default(36),
    sizes: z.array(sizeSchema).min(1).default(DEFAULT_SIZES.map((size) => ({ ...size }))),
    splitFractions: z
      .object({
        train: z.number().min(0),
        public_test: z.number().min(0),
        private_test: z.number().min(0),
        /** Validation images (outside the test set); none by default. */
        validation: z.number().min(0).default(0),
      })
      .refine((f) => f.train + f.public_test + f.private_test + f.validation > 0, "split fractions must not all be zero")
      .default({ train: 1 / 3, public_test: 1 / 3, private_test: 1 / 3, validation: 0 }),
    /** Per split, the weights of the conditions; a split left out keeps its default mix. */
    conditionMix: z
      .object({
        train: conditionWeightsSchema.prefault(DEFAULT_CONDITION_MIX.train),
        public_test: conditionWeightsSchema.prefault(DEFAULT_CONDITION_MIX.public_test),
        private_test: conditionWeightsSchema.prefault(DEFAULT_CONDITION_MIX.private_test),
        validation: conditionWeightsSchema.prefault(DEFAULT_CONDITION_MIX.validation),
      })
      .strict()
      .prefault({}),
    /** Bounds on the nuclei per image; density and image size pick a count inside them. */
    nucleiPerImage: z
      .object({ min: z.number().int().min(1), max: z.number().int().max(1000) })
      .refine((r) => r.min <= r.max, "min must not exceed max")
      .default({ min: 3, max: 400 }),
    /** Semi-major axis range (px) for every condition, instead of each condition's own. */
    radiusRange: z
      .tuple([z.number().min(2), z.number().max(64)])
      .refine(([min, max]) => min <= max, "min must not exceed max")
      .optional(),
    /** Images (by index) drawn with no nuclei at all: the "empty image" edge case of the DSB format. */
    emptyImageIndices: z.array(z.number().int().min(0)).default([]),
  })
  .strict();

export type SyntheticNucleiOptions = Omit<z.input<typeof ZSyntheticNucleiOptionsSchema>, "seed">;

function pickWeighted<K extends string>(prng: Prng, keys: readonly K[], weights: Readonly<Record<K, number>>): K {
  const total = keys.reduce((sum, key) => sum + weights[key], 0);
  let roll = prng.uniform(0, total);
  for (const key of keys) {
    roll -= weights[key];
    if (roll < 0) return key;
  }
  return keys[keys.length - 1] as K;
}

interface PlacementPlan {
  width: number;
  height: number;
  density: Density;
  radiusRange: readonly [number, number];
  nucleiPerImage: { min: number; max: number };
}

function planPlacement(prng: Prng, plan: PlacementPlan): Placement {
  const { min, max } = plan.nucleiPerImage;
  if (plan.density === "clustered") {
    const clusters = prng.int(...CLUSTERED_DENSITY.clusters);
    return {
      kind: "clustered",
      clusterSizes: Array.from({ length: clusters }, () => prng.int(...CLUSTERED_DENSITY.clusterSize)),
      loners: prng.int(...CLUSTERED_DENSITY.loners),
      gap: CLUSTERED_DENSITY.gap,
    };
  }
  const model = SCATTERED_DENSITIES[plan.density];
  const [rMin, rMax] = plan.radiusRange;
  // Mean nucleus area: mean semi-major axis, and the semi-minor axis about 0.82 of it.
  const meanArea = Math.PI * ((rMin + rMax) / 2) ** 2 * 0.82;
  const [low, high] = model.coverage;
  const coverage = prng.uniform(low, high);
  const count = Math.round((coverage * plan.width * plan.height) / meanArea);
  return {
    kind: "scattered",
    count: Math.min(max, Math.max(min, count)),
    touchingProbability: model.touchingProbability,
    gap: model.gap,
  };
}

function generate(input: SyntheticNucleiOptions & { seed: number }): GeneratedDataset {
  const options = ZSyntheticNucleiOptionsSchema.parse(input);
  const { seed, count } = options;

  // Dataset-level choices use their own stream so that an image's pixels depend only on its
  // id and condition. Splits first, then each split's images get conditions from its mix.
  const datasetPrng = createPrng(seedFromHex(hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, "dataset")));
  const order = datasetPrng.shuffle(Array.from({ length: count }, (_, i) => i));
  const splits = assignSplits(order, options.splitFractions);
  const conditions = assignConditions(order, splits, options.conditionMix);
  const empty = new Set(options.emptyImageIndices);

  const items: GeneratedItem[] = [];
  for (let index = 0; index < count; index++) {
    const imageId = hashHex(GENERATOR_ID, GENERATOR_VERSION, seed, index);
    const prng = createPrng(seedFromHex(imageId));
    const condition: Condition = conditions.get(index) ?? "fluorescence";
    const profile = CONDITION_PROFILES[condition];
    const radiusRange = options.radiusRange ?? profile.radiusRange;
    const { width, height } = prng.pick(options.sizes);
    const density = pickWeighted(prng, DENSITIES, profile.densityWeights);
    const placement: Placement = empty.has(index)
      ? { kind: "scattered", count: 0, touchingProbability: 0, gap: 0 }
      : planPlacement(prng, { width, height, density, radiusRange, nucleiPerImage: options.nucleiPerImage });
    const layout = layoutNuclei(prng, {
      width,
      height,
      radiusRange,
      elongatedShare: profile.elongatedShare,
      dividingShare: profile.dividingShare,
      maxCount: options.nucleiPerImage.max,
      placement,
    });
    const image = renderImage(prng, { width, height, labels: layout.labels, nuclei: layout.nuclei }, condition);
    const png =
      image.channels === 1 ? encodeGreyPng(image.pixels, width, height) : encodeRgbPng(image.pixels, width, height);
    const split: Split = splits.get(index) ?? "train";
    items.push({
      imageId,
      width,
      height,
      split,
      metadata: {
        condition,
        modality: profile.modality,
        stain: profile.stain,
        density: empty.has(index) ? "empty" : density,
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
  title: "Synthetic nuclei (fluorescence, brightfield and H&E histology)",
  generate,
} as const satisfies DatasetGenerator<SyntheticNucleiOptions>;
