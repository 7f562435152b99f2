// Seeds the two demo challenges into an empty database (`npm start` calls this on every
// boot): DSB-style nucleus segmentation across imaging conditions and HPA-style protein
// localization, each with a sample submission, a model contract with an example model, and
// two scored baselines on the leaderboard (a prediction file and an ONNX model), and a few
// example entries (datasets/example-entries.ts) so the boards' statistics have something to say.
import crypto from "node:crypto";
import { baselineSubmission, fitBaselineClassifier } from "../../../datasets/baseline-classifier";
import { sampleSubmission } from "../../../datasets/dsb-format";
import { exampleNucleiSubmission, exampleProteinSubmission, type ExampleEntry } from "../../../datasets/example-entries";
import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";
import { syntheticNuclei } from "../../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../../datasets/synthetic-protein";
import { getBlobStore } from "../../blob";
import { buildNucleiBaseline, buildProteinBaseline } from "../../onnx/baseline-models";
import type { ModelContract } from "../../onnx/model-contract";
import { enqueueScoring } from "../../queue/scoring-queue";
import { childLogger } from "../../log";
import { challengeRepository } from "../../repositories/challenge-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { userRepository } from "../../repositories/user-repository";
import { createChallenge } from "../challenge/create-challenge";
import type { CreateChallengeInput } from "../../contracts/challenge";
import { prepareDataset, type DatasetContent } from "../dataset/prepare-dataset";
import { storeDataset, type DatasetIdentity } from "../dataset/store-dataset";
import { demoNucleiPages } from "./demo-nuclei-pages";
import { demoProteinPages } from "./demo-protein-pages";

export const DEMO_NUCLEI_SLUG = "nucleus-segmentation-synthetic-dsb";
export const DEMO_PROTEIN_SLUG = "protein-localization-synthetic-hpa";
const DEMO_SEED = 2018;
const DAY = 24 * 3600 * 1000;

function openPhase(quota: { dailyQuota: number; totalQuota: number }) {
  const now = Date.now();
  return { name: "Stage 1", startsAt: new Date(now - DAY), endsAt: new Date(now + 365 * DAY), ...quota };
}

/**
 * One account per baseline or example entry (the leaderboard shows one row per account);
 * they have no password and cannot sign in.
 */
async function demoUserId(name: string): Promise<string> {
  const email = `baseline-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@scopebench.invalid`;
  const existing = await userRepository.findByEmailWithPassword(email);
  if (existing) return existing.id;
  return (await userRepository.create({ email, name })).id;
}

interface Baseline {
  /** The leaderboard name, e.g. "Otsu threshold (CSV)". */
  name: string;
  filename: string;
  kind: "prediction_csv" | "onnx_model";
  content: string | Uint8Array;
  /** Example entries are ranked as participants, baselines are marked as such. */
  isBaseline?: boolean;
}

/** Queues a baseline (or an example entry) like any submission: the worker scores it. */
async function submitBaseline(challengeSlug: string, baseline: Baseline): Promise<void> {
  const challenge = await challengeRepository.findBySlugIncludePhases(challengeSlug);
  const phase = challenge?.phases[0];
  if (!challenge || !phase) return;
  const id = crypto.randomUUID();
  const key = `submissions/${id}/upload`;
  const stored = await getBlobStore().put(key, baseline.content);
  await submissionRepository.createWithinQuota({
    id,
    userId: await demoUserId(baseline.name),
    challengeId: challenge.id,
    phaseId: phase.id,
    kind: baseline.kind,
    filename: baseline.filename,
    blobKey: key,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    isBaseline: baseline.isBaseline ?? true,
  });
  // If the queue is not reachable now, a worker's reclaim pass sends queued rows later.
  await enqueueScoring(id).catch((error: unknown) => childLogger({ component: "seed" }).error({ submissionId: id, err: error }, "could not enqueue baseline"));
}

interface Demo {
  slug: string;
  dataset: DatasetIdentity;
  content: DatasetContent;
  challenge: Omit<CreateChallengeInput, "slug" | "datasetSlug" | "phase">;
  /** The baseline model: its bytes are the example model, its contract the challenge's. */
  model: () => Promise<{ bytes: Uint8Array; contract: ModelContract }>;
  csvBaseline: Omit<Baseline, "kind" | "content"> & { csv: () => string };
  modelBaselineName: string;
  /** Example participants' prediction files. */
  examples: Array<{ name: string; csv: () => string }>;
  /** A second stage on test images of its own, taking the models committed in stage 1. */
  stage2?: () => { dataset: DatasetIdentity; content: DatasetContent };
}

/** Stores the dataset (idempotently), opens the challenge on it and queues its baseline. */
async function seedDemo(build: () => Demo, log: (message: string) => void): Promise<string> {
  const started = Date.now();
  const demo = build();
  await storeDataset(demo.dataset, prepareDataset(demo.content));
  const model = await demo.model();
  await createChallenge({
    user: null,
    request: {
      ...demo.challenge,
      slug: demo.slug,
      datasetSlug: demo.dataset.slug,
      submissionKinds: ["prediction_csv", "onnx_model"],
      modelContract: model.contract,
      phase: openPhase({ dailyQuota: 5, totalQuota: 100 }),
    },
    exampleModel: model.bytes,
  });
  if (demo.stage2) await addDemoStage2(demo.slug, demo.stage2());
  await submitBaseline(demo.slug, { name: demo.csvBaseline.name, filename: demo.csvBaseline.filename, kind: "prediction_csv", content: demo.csvBaseline.csv() });
  await submitBaseline(demo.slug, { name: demo.modelBaselineName, filename: "baseline.onnx", kind: "onnx_model", content: model.bytes });
  for (const example of demo.examples) {
    await submitBaseline(demo.slug, { name: example.name, filename: "predictions.csv", kind: "prediction_csv", content: example.csv(), isBaseline: false });
  }
  log(`created ${demo.slug} (${demo.content.items.length} images, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return demo.slug;
}

/**
 * Stage 2 as the DSB ran it, with committed models: fresh test images (a shifted condition
 * mix), opening right when stage 1 closes, its board the final one.
 */
async function addDemoStage2(slug: string, stage: { dataset: DatasetIdentity; content: DatasetContent }): Promise<void> {
  const { datasetId } = await storeDataset(stage.dataset, prepareDataset(stage.content));
  const challenge = await challengeRepository.findBySlugIncludePhases(slug);
  const stage1 = challenge?.phases[0];
  if (!challenge || !stage1) return;
  await challengeRepository.createPhaseLast(challenge.id, {
    name: "Stage 2",
    startsAt: stage1.endsAt,
    endsAt: new Date(stage1.endsAt.getTime() + 14 * DAY),
    dailyQuota: 0,
    totalQuota: 0,
    testDatasetId: datasetId,
    isFinal: true,
    committedModels: true,
  });
}

const examples = (entries: readonly ExampleEntry[], csv: (entry: ExampleEntry) => string) => entries.map((entry) => ({ name: entry.name, csv: () => csv(entry) }));

// Two entries a few objects apart (statistically tied), one tuned to a single imaging
// condition (a large gap between conditions), one clearly behind.
const NUCLEI_EXAMPLES: ExampleEntry[] = [
  { name: "Example: careful annotator", seed: 11, missRate: () => 0.04 },
  { name: "Example: close second", seed: 12, missRate: () => 0.05 },
  { name: "Example: tuned on fluorescence", seed: 13, missRate: (m) => (m.condition === "fluorescence" ? 0.02 : 0.45) },
  { name: "Example: under-segmenter", seed: 14, missRate: () => 0.3 },
];

const PROTEIN_EXAMPLES: ExampleEntry[] = [
  { name: "Example: careful annotator", seed: 21, missRate: () => 0.05 },
  { name: "Example: close second", seed: 22, missRate: () => 0.06 },
  { name: "Example: tuned on HeLa", seed: 23, missRate: (m) => (m.cellLine === "HeLa" ? 0.02 : 0.5) },
  { name: "Example: under-calls", seed: 24, missRate: () => 0.35 },
];

function nucleiDemo(): Demo {
  const generated = syntheticNuclei.generate({ seed: DEMO_SEED, count: 120 });
  return {
    slug: DEMO_NUCLEI_SLUG,
    dataset: {
      slug: `synthetic-nuclei-${DEMO_SEED}`,
      name: "Synthetic nuclei across imaging conditions (DSB-style)",
      description: "Deterministic fluorescence, brightfield and H&E-like histology images with instance masks; the private test set has more histology than training.",
      source: `${generated.generatorId}@${generated.generatorVersion}`,
      seed: generated.seed,
    },
    content: { taskType: "instance_segmentation", items: generated.items },
    challenge: {
      title: "Nucleus segmentation across imaging conditions",
      summary: demoNucleiPages.summary,
      metricId: "dsb2018-map",
      metricParams: { maxObjectsPerImage: 1000 },
      pages: demoNucleiPages,
    },
    csvBaseline: { name: "Otsu threshold baseline (CSV)", filename: "otsu-baseline.csv", csv: () => sampleSubmission(generated.items) },
    modelBaselineName: "Smoothing + threshold baseline (ONNX)",
    model: () => buildNucleiBaseline(generated.items.filter((item) => item.split === "train")),
    examples: examples(NUCLEI_EXAMPLES, (entry) => exampleNucleiSubmission(generated.items, entry)),
    stage2: () => {
      // Test images only, with histology (rare in training) now the most common condition.
      const shifted = { fluorescence: 0.2, brightfield: 0.3, histology: 0.5 };
      const stage2 = syntheticNuclei.generate({
        seed: DEMO_SEED + 1,
        count: 40,
        splitFractions: { train: 0, public_test: 0.5, private_test: 0.5 },
        conditionMix: { public_test: shifted, private_test: shifted },
      });
      return {
        dataset: {
          slug: `synthetic-nuclei-${DEMO_SEED + 1}-stage-2`,
          name: "Synthetic nuclei, stage 2 test images (more histology)",
          description: "Fresh test images for the nucleus demo's second stage: half of them histology, which is rare in the training set.",
          source: `${stage2.generatorId}@${stage2.generatorVersion}`,
          seed: stage2.seed,
        },
        content: { taskType: "instance_segmentation", items: stage2.items },
      };
    },
  };
}

function proteinDemo(): Demo {
  const generated = syntheticProtein.generate({ seed: DEMO_SEED, count: 600 });
  const train = generated.items.filter((item) => item.split === "train");
  const test = generated.items.filter((item) => item.split !== "train");
  return {
    slug: DEMO_PROTEIN_SLUG,
    dataset: {
      slug: `synthetic-protein-${DEMO_SEED}`,
      name: "Synthetic protein localization (HPA-style)",
      description: "Deterministic four-channel cell images (microtubules, protein, nucleus, ER) with multi-label localization classes.",
      source: `${generated.generatorId}@${generated.generatorVersion}`,
      seed: generated.seed,
    },
    content: { taskType: "multilabel_classification", items: generated.items },
    challenge: {
      title: "Protein localization",
      summary: demoProteinPages.summary,
      metricId: "hpa-macro-f1",
      pages: demoProteinPages,
    },
    csvBaseline: { name: "Logistic regression baseline (CSV)", filename: "logistic-baseline.csv", csv: () => baselineSubmission(fitBaselineClassifier(train), test) },
    modelBaselineName: "Channel statistics baseline (ONNX)",
    model: () => buildProteinBaseline(train),
    examples: examples(PROTEIN_EXAMPLES, (entry) => exampleProteinSubmission(generated.items, entry, HPA_CLASSES.length)),
  };
}

/**
 * Seeds the demo challenges that are missing, as long as the database holds no other
 * challenge: hosts' own installs are left alone, and a seed cut short (or an install from
 * before a demo existed) is completed on the next boot. Datasets are stored idempotently.
 */
export async function seedDemoChallenges(options: { log?: (message: string) => void } = {}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  // Built only when missing: generating 720 images takes seconds.
  const demos: Array<[string, () => Demo]> = [
    [DEMO_NUCLEI_SLUG, nucleiDemo],
    [DEMO_PROTEIN_SLUG, proteinDemo],
  ];
  const existing = await challengeRepository.listSlugs();
  if (existing.some((slug) => !demos.some(([demo]) => demo === slug))) return [];
  const seeded: string[] = [];
  for (const [slug, build] of demos) if (!existing.includes(slug)) seeded.push(await seedDemo(build, log));
  return seeded;
}
