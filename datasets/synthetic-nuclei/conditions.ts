// The imaging conditions and density classes of the generator, in one table each so that the
// README and the code cannot drift apart. Renderer-only numbers (stain vectors, background
// levels) live next to their renderer in render-image.ts.

/** DSB 2018's three big image families: fluorescence, brightfield and H&E histology. */
export const CONDITIONS = ["fluorescence", "brightfield", "histology"] as const;
export type Condition = (typeof CONDITIONS)[number];

export const DENSITIES = ["sparse", "medium", "dense", "clustered"] as const;
export type Density = (typeof DENSITIES)[number];

export type ConditionWeights = Readonly<Record<Condition, number>>;

export interface ConditionProfile {
  /** Kept for metadata written before 2.0.0: H&E histology is brightfield imaging too. */
  modality: "fluorescence" | "brightfield";
  stain: string;
  /** Semi-major axis of a typical nucleus, in pixels (at the demo's image scale). */
  radiusRange: readonly [number, number];
  densityWeights: Readonly<Record<Density, number>>;
  /** Share of nuclei drawn elongated (aspect 0.35–0.55), some of them waisted like a peanut. */
  elongatedShare: number;
  /** Share of nuclei that come as a touching pair of small, condensed daughter nuclei. */
  dividingShare: number;
}

export const CONDITION_PROFILES = {
  fluorescence: {
    modality: "fluorescence",
    stain: "Hoechst",
    radiusRange: [5, 13],
    densityWeights: { sparse: 0.3, medium: 0.3, dense: 0.15, clustered: 0.25 },
    elongatedShare: 0.08,
    dividingShare: 0.04,
  },
  brightfield: {
    modality: "brightfield",
    stain: "none",
    radiusRange: [6, 15],
    densityWeights: { sparse: 0.3, medium: 0.35, dense: 0.15, clustered: 0.2 },
    elongatedShare: 0.08,
    dividingShare: 0.03,
  },
  histology: {
    modality: "brightfield",
    stain: "H&E",
    radiusRange: [4, 10],
    densityWeights: { sparse: 0.05, medium: 0.35, dense: 0.45, clustered: 0.15 },
    elongatedShare: 0.2,
    dividingShare: 0.02,
  },
} as const satisfies Record<Condition, ConditionProfile>;

/**
 * Scattered densities are set by the share of the image covered by nuclei, so a small
 * image with large nuclei and a large one with small nuclei look equally crowded. `gap` is
 * the background (px) kept around nuclei that are not placed against a neighbour.
 */
export const SCATTERED_DENSITIES = {
  sparse: { coverage: [0.03, 0.08], touchingProbability: 0.08, gap: 3 },
  medium: { coverage: [0.08, 0.16], touchingProbability: 0.2, gap: 2 },
  dense: { coverage: [0.18, 0.32], touchingProbability: 0.4, gap: 1 },
} as const satisfies Record<Exclude<Density, "clustered">, { coverage: readonly [number, number]; touchingProbability: number; gap: number }>;

/** SIMCEP-style clusters: a few packed groups of 5–20 nuclei, plus some loners. */
export const CLUSTERED_DENSITY = {
  clusters: [1, 4],
  clusterSize: [5, 20],
  loners: [0, 6],
  gap: 2,
} as const;

/**
 * Condition shift between the splits, like DSB 2018 stage 2, whose private test set held far
 * more histology and brightfield than stage 1's training set.
 */
export const DEFAULT_CONDITION_MIX = {
  train: { fluorescence: 0.7, brightfield: 0.2, histology: 0.1 },
  public_test: { fluorescence: 0.7, brightfield: 0.2, histology: 0.1 },
  private_test: { fluorescence: 0.35, brightfield: 0.25, histology: 0.4 },
  // Like the public test set: validation feedback should say how a method fares there.
  validation: { fluorescence: 0.7, brightfield: 0.2, histology: 0.1 },
} as const satisfies Record<string, ConditionWeights>;
