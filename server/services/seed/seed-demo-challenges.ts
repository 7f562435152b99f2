// Seeds the demo challenges into an empty database (`npm start` calls this on every boot).
import { sampleSubmission, toDsbTruthCsv } from "../../../datasets/dsb-format";
import { syntheticNuclei } from "../../../datasets/synthetic-nuclei";
import { testImagesZip, trainingZip } from "../../../datasets/zip-export";
import { blobKeys, getBlobStore } from "../../blob";
import { challengeRepository } from "../../repositories/challenge-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { demoNucleiPages } from "./demo-nuclei-pages";

export const DEMO_NUCLEI_SLUG = "nucleus-segmentation-synthetic-dsb";
const DEMO_SEED = 2018;
const DAY = 24 * 3600 * 1000;

async function seedNucleiChallenge(log: (message: string) => void): Promise<string> {
  const generated = syntheticNuclei.generate({ seed: DEMO_SEED, count: 36 });
  const store = getBlobStore();
  const slug = DEMO_NUCLEI_SLUG;
  const datasetSlug = `synthetic-nuclei-${DEMO_SEED}`;

  const truthKey = blobKeys.truth(datasetSlug);
  await store.put(truthKey, toDsbTruthCsv(generated.items));
  for (const item of generated.items) await store.put(blobKeys.datasetImage(datasetSlug, item.imageId), item.png);
  const sampleKey = blobKeys.challengeFile(slug, "sample_submission.csv");
  const trainKey = blobKeys.challengeFile(slug, "train.zip");
  const testKey = blobKeys.challengeFile(slug, "test.zip");
  await store.put(sampleKey, sampleSubmission(generated.items));
  await store.put(trainKey, trainingZip(generated.items));
  await store.put(testKey, testImagesZip(generated.items));

  const dataset = await datasetRepository.createWithItems(
    {
      slug: datasetSlug,
      name: "Synthetic nuclei (DSB-style)",
      description: "Deterministic synthetic fluorescence and brightfield nuclei with instance masks.",
      source: `${generated.generatorId}@${generated.generatorVersion}`,
      seed: generated.seed,
      truthKey,
    },
    generated.items.map((item) => ({
      imageId: item.imageId,
      split: item.split,
      width: item.width,
      height: item.height,
      metadata: item.metadata,
      imageKey: blobKeys.datasetImage(datasetSlug, item.imageId),
    })),
  );

  const now = Date.now();
  await challengeRepository.create({
    slug,
    title: "Nucleus segmentation (synthetic DSB)",
    summary: demoNucleiPages.summary,
    overviewMd: demoNucleiPages.overview,
    dataMd: demoNucleiPages.data,
    evaluationMd: demoNucleiPages.evaluation,
    rulesMd: demoNucleiPages.rules,
    taskType: "instance_segmentation",
    metricId: "dsb2018-map",
    metricParams: { maxObjectsPerImage: 1000 },
    submissionKinds: ["prediction_csv"],
    status: "active",
    datasetId: dataset.id,
    sampleSubmissionKey: sampleKey,
    trainingZipKey: trainKey,
    testImagesZipKey: testKey,
    phases: {
      create: [
        {
          name: "Stage 1",
          position: 0,
          startsAt: new Date(now - DAY),
          endsAt: new Date(now + 365 * DAY),
          dailyQuota: 5,
          totalQuota: 100,
        },
      ],
    },
  });
  log(`created ${slug} (${generated.items.length} images)`);
  return slug;
}

/** Seeds only into an empty database, so restarts and hosts' own challenges are left alone. */
export async function seedDemoChallenges(options: { log?: (message: string) => void } = {}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  if ((await challengeRepository.count()) > 0) return [];
  return [await seedNucleiChallenge(log)];
}
