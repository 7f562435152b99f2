// Seeds the two demo challenges into an empty database (`npm start` calls this on every
// boot): DSB-style nucleus segmentation across imaging conditions and HPA-style protein
// localization, each with a sample submission and a scored baseline on the leaderboard.
import crypto from "node:crypto";
import { baselineSubmission, fitBaselineClassifier } from "../../../datasets/baseline-classifier";
import { sampleSubmission } from "../../../datasets/dsb-format";
import { syntheticNuclei } from "../../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../../datasets/synthetic-protein";
import { getBlobStore } from "../../blob";
import { enqueueScoring } from "../../queue/scoring-queue";
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
/** The account baselines are submitted under; it has no password and cannot sign in. */
const BASELINE_EMAIL = "baselines@scopebench.invalid";

function openPhase(quota: { dailyQuota: number; totalQuota: number }) {
  const now = Date.now();
  return { name: "Stage 1", startsAt: new Date(now - DAY), endsAt: new Date(now + 365 * DAY), ...quota };
}

async function baselineUserId(): Promise<string> {
  const existing = await userRepository.findByEmailWithPassword(BASELINE_EMAIL);
  if (existing) return existing.id;
  return (await userRepository.create({ email: BASELINE_EMAIL, name: "scopebench baseline" })).id;
}

/** Queues a baseline like any submission (the worker scores it), marked as a baseline. */
async function submitBaseline(challengeSlug: string, filename: string, csv: string): Promise<void> {
  const challenge = await challengeRepository.findBySlugIncludePhases(challengeSlug);
  const phase = challenge?.phases[0];
  if (!challenge || !phase) return;
  const id = crypto.randomUUID();
  const key = `submissions/${id}/upload`;
  const stored = await getBlobStore().put(key, csv);
  await submissionRepository.createWithinQuota({
    id,
    userId: await baselineUserId(),
    challengeId: challenge.id,
    phaseId: phase.id,
    kind: "prediction_csv",
    filename,
    blobKey: key,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    isBaseline: true,
  });
  // If the queue is not reachable now, a worker's reclaim pass sends queued rows later.
  await enqueueScoring(id).catch((error: unknown) => console.error(`[seed] could not enqueue baseline ${id}:`, error));
}

interface Demo {
  slug: string;
  dataset: DatasetIdentity;
  content: DatasetContent;
  challenge: Omit<CreateChallengeInput, "slug" | "datasetSlug" | "phase">;
  baseline: { filename: string; csv: () => string };
}

/** Stores the dataset (idempotently), opens the challenge on it and queues its baseline. */
async function seedDemo(build: () => Demo, log: (message: string) => void): Promise<string> {
  const started = Date.now();
  const demo = build();
  await storeDataset(demo.dataset, prepareDataset(demo.content));
  await createChallenge({
    user: null,
    request: { ...demo.challenge, slug: demo.slug, datasetSlug: demo.dataset.slug, phase: openPhase({ dailyQuota: 5, totalQuota: 100 }) },
  });
  await submitBaseline(demo.slug, demo.baseline.filename, demo.baseline.csv());
  log(`created ${demo.slug} (${demo.content.items.length} images, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return demo.slug;
}

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
      submissionKinds: ["prediction_csv"],
      pages: demoNucleiPages,
    },
    baseline: { filename: "otsu-baseline.csv", csv: () => sampleSubmission(generated.items) },
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
      submissionKinds: ["prediction_csv"],
      pages: demoProteinPages,
    },
    baseline: { filename: "logistic-baseline.csv", csv: () => baselineSubmission(fitBaselineClassifier(train), test) },
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
