// A new challenge from a bundle (format v1, see export-challenge-bundle.ts). Everything is
// checked before anything is created: the zip and challenge.yaml (read-challenge-bundle.ts),
// the phases against one another, the dataset on this site, the slug, the metric against
// the dataset (createChallenge). A custom scorer is tried on this site's data before it
// becomes the metric. If a later step fails, the challenge and its blobs are removed again.
import { TASK_TYPE_TITLES } from "../../../datasets/task-types";
import { BUNDLE_SCORER_MODULE, ZImportChallengeBundleHeaderSchema, type ChallengeBundleManifest } from "../../contracts/challenge-bundle";
import type { ScoringRule } from "../../contracts/scoring-rule";
import { getBlobStore } from "../../blob";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { parseCustomMetricId } from "../custom-scorer/custom-metric-id";
import { setChallengeScorer } from "../custom-scorer/set-challenge-scorer";
import { uploadCustomScorer } from "../custom-scorer/upload-custom-scorer";
import { findRuleChallenge } from "../scoring-rule/hosted-rule";
import { saveScoringRule } from "../scoring-rule/update-scoring-rule";
import { updatePhase } from "./update-phase";
import { quotaProblems } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { readUploadFrame, UploadFrameError } from "../../contracts/upload-frame";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { challengeRepository } from "../../repositories/challenge-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { createChallenge } from "./create-challenge";
import { stageSettingsData } from "./stage-settings";
import { assertTestSetStillHidden } from "./phase-schedule";
import { readChallengeBundle } from "./read-challenge-bundle";

/** Bundles hold text (four pages of at most 50,000 characters, a scorer of at most 256 KiB) and perhaps an example model. */
const MAX_BUNDLE_BYTES = 24 * 1024 * 1024;

const refused = (problems: string[]) =>
  new AppError(AppErrorCode.INVALID_INPUT, { message: `The bundle was not imported:\n${problems.map((p) => `- ${p}`).join("\n")}` });

export async function importChallengeBundle(input: { user: SessionUser; stream: ReadableStream<Uint8Array> }): Promise<{ slug: string; notice: string | null }> {
  const { header, zip } = await readBundleUpload(input.stream);
  const read = readChallengeBundle(zip);
  if (!read.ok) throw refused(read.problems);
  const { manifest, pages, scorer, exampleModel } = read.bundle;

  const problems: string[] = [];
  if (scorer && !parseCustomMetricId(manifest.metric.id)) problems.push(`challenge.yaml: metric.id: "${printable(manifest.metric.id)}" must be custom:<id>@<version> when the bundle holds a custom scorer`);
  manifest.phases.forEach((phase, i) => {
    manifest.phases.slice(0, i).forEach((other, j) => {
      if (other.startsAt < phase.endsAt && phase.startsAt < other.endsAt) {
        problems.push(
          `challenge.yaml: phases[${i}]: "${phase.name}" (${phase.startsAt.toISOString()} to ${phase.endsAt.toISOString()}) overlaps phases[${j}] "${other.name}" (${other.startsAt.toISOString()} to ${other.endsAt.toISOString()}); phases must follow one another`,
        );
      }
    });
    const odd = quotaProblems(phase);
    if (odd.length > 0 && !phase.confirmQuota) problems.push(`challenge.yaml: phases[${i}]: ${odd.join("; ")} (add confirmQuota: true to keep it)`);
  });
  const dataset = await datasetRepository.findBySlug(manifest.dataset.slug);
  if (!dataset) {
    problems.push(`challenge.yaml: dataset.slug: no dataset "${manifest.dataset.slug}" on this site; import it first (Host page, or npm run dataset -- import … --slug ${manifest.dataset.slug})`);
  } else if (dataset.taskType !== manifest.taskType) {
    problems.push(`challenge.yaml: taskType: the bundle is ${TASK_TYPE_TITLES[manifest.taskType]}, dataset "${dataset.slug}" is ${TASK_TYPE_TITLES[dataset.taskType]}`);
  }
  const slug = header.slug ?? manifest.slug;
  if (await challengeRepository.findBySlugIncludePhases(slug)) {
    problems.push(`${header.slug ? "slug" : "challenge.yaml: slug"}: a challenge at /challenges/${slug} already exists; give the new challenge another slug`);
  }
  if (problems.length > 0 || !dataset) throw refused(problems);
  // A stage with test images of its own is checked against those (stageSettingsData).
  for (const phase of manifest.phases.slice(1)) if (!phase.testDatasetSlug) await assertTestSetStillHidden({ datasetId: dataset.id }, phase.endsAt, new Date());

  const [first, ...rest] = manifest.phases;
  if (!first) throw refused(["challenge.yaml: phases: at least one phase"]);
  // A custom scorer cannot be the first metric: it is tried on this site's data first. The
  // challenge opens on the dataset's default metric and the scorer replaces it once it passes.
  const created = await createChallenge({
    user: input.user,
    request: {
      slug,
      title: manifest.title,
      summary: manifest.summary,
      datasetSlug: dataset.slug,
      ...(scorer ? {} : { metricId: manifest.metric.id, metricParams: manifest.metric.params, ...(manifest.scoring ? { scoring: manifest.scoring } : {}) }),
      submissionKinds: manifest.submissionKinds,
      ...(manifest.modelContract !== null ? { modelContract: manifest.modelContract } : {}),
      phase: { name: first.name, startsAt: first.startsAt, endsAt: first.endsAt, dailyQuota: first.dailyQuota, totalQuota: first.totalQuota, confirmQuota: first.confirmQuota },
      pages,
    },
    ...(exampleModel ? { exampleModel } : {}),
  });
  try {
    // Stage settings are checked against the challenge as created (its dataset, task, kinds)
    // and every phase of the bundle, created yet or not, named by its index.
    const stored = await challengeRepository.findByIdIncludePhases(created.id);
    const firstRow = stored?.phases[0];
    if (!stored || !firstRow) throw new AppError(AppErrorCode.INTERNAL, { message: "The new challenge has no phase." });
    const bundlePhases = manifest.phases.map((p, j) => ({ id: String(j), startsAt: p.startsAt, endsAt: p.endsAt }));
    const stageOf = (phase: (typeof manifest.phases)[number], i: number) =>
      stageSettingsData({ ...stored, phases: bundlePhases }, { id: String(i), name: phase.name, startsAt: phase.startsAt, endsAt: phase.endsAt }, phase, null, new Date()).catch((error: unknown) => {
        throw error instanceof AppError ? refused([`challenge.yaml: phases[${i}]: ${error.message}`]) : error;
      });
    await challengeRepository.updatePhase(firstRow.id, await stageOf(first, 0));
    for (const [index, phase] of rest.entries()) {
      const stage = await stageOf(phase, index + 1);
      await challengeRepository.createPhaseLast(created.id, {
        ...stage,
        name: phase.name,
        startsAt: phase.startsAt,
        endsAt: phase.endsAt,
        dailyQuota: phase.dailyQuota,
        totalQuota: phase.totalQuota,
        failedCountTowardsQuota: phase.failedCountTowardsQuota,
        ladder: false,
        finalChoices: phase.finalChoices,
      });
    }
    if (manifest.teamMergeDeadline) await challengeRepository.updateDetails(created.id, { teamMergeDeadline: manifest.teamMergeDeadline });
    if (scorer) await installBundledScorer(input.user, slug, manifest, scorer.module);
    // The Ladder last: it needs the final rule's per-image states (checked by updatePhase).
    const phases = (await challengeRepository.findByIdIncludePhases(created.id))?.phases ?? [];
    for (const [i, phase] of manifest.phases.entries()) {
      const row = phases[i];
      if (!row || (i > 0 && !phase.ladder)) continue;
      await updatePhase({
        user: input.user,
        request: { phaseId: row.id, ...(i === 0 ? { failedCountTowardsQuota: first.failedCountTowardsQuota, finalChoices: first.finalChoices } : {}), ...(phase.ladder ? { ladder: true } : {}) },
      });
    }
  } catch (error) {
    await removeChallengeAndBlobs(created.id);
    throw error;
  }
  return { slug: created.slug, notice: created.notice };
}

/**
 * Tries the bundle's scorer on the new challenge's data (sample submission, baselines) like an
 * upload from the Edit page, and makes it the metric with the bundle's scoring rule.
 */
async function installBundledScorer(user: SessionUser, slug: string, manifest: ChallengeBundleManifest, module: string) {
  const uploaded = await uploadCustomScorer({ user, request: { challengeSlug: slug, filename: "module.cjs", source: module, params: manifest.metric.params, knownAnswers: [] } });
  if (uploaded.status !== "passed" || !uploaded.version) {
    const cases = uploaded.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
    throw refused([`${BUNDLE_SCORER_MODULE}: the custom scorer failed its trial on this site's data: ${[...uploaded.problems, ...cases].join(" ")}`]);
  }
  if (uploaded.version.metricId !== manifest.metric.id) {
    throw refused([`challenge.yaml: metric.id: "${printable(manifest.metric.id)}", but ${BUNDLE_SCORER_MODULE} declares ${uploaded.version.metricId}`]);
  }
  // A bundle without `scoring` (written before rules were exported): as "Make live" does it.
  if (!manifest.scoring) {
    await setChallengeScorer({ user, challengeSlug: slug, customScorerVersionId: uploaded.version.id });
    return;
  }
  await saveScoringRule(user, await findRuleChallenge(user, slug), { metric: { id: uploaded.version.metricId, params: uploaded.version.params as ScoringRule["metric"]["params"] }, ...manifest.scoring });
}

/** Undoes an import that failed after the challenge was created: its blobs, then the row (phases, versions cascade). */
async function removeChallengeAndBlobs(challengeId: string) {
  const store = getBlobStore();
  const stored = await challengeRepository.findByIdIncludePhases(challengeId);
  const keys = [...(await customScorerRepository.listByChallenge(challengeId)).map((v) => v.moduleKey), ...(stored?.exampleModelKey ? [stored.exampleModelKey] : [])];
  await challengeRepository.deleteById(challengeId);
  for (const key of keys) await store.delete(key);
}

async function readBundleUpload(stream: ReadableStream<Uint8Array>) {
  let frame: Awaited<ReturnType<typeof readUploadFrame>>;
  try {
    frame = await readUploadFrame(stream);
  } catch (error) {
    if (error instanceof UploadFrameError) throw new AppError(AppErrorCode.INVALID_INPUT, { message: error.message });
    throw error;
  }
  const header = ZImportChallengeBundleHeaderSchema.safeParse(frame.header);
  if (!header.success) throw new AppError(AppErrorCode.INVALID_INPUT, { message: `Import options: ${header.error.issues.map((i) => `${i.path.join(".") || "header"}: ${i.message}`).join("; ")}` });
  if (!header.data.filename.toLowerCase().endsWith(".zip")) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `${printable(header.data.filename)} is not a .zip archive; a challenge bundle is a zip.` });
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of frame.body) {
    bytes += chunk.byteLength;
    if (bytes > MAX_BUNDLE_BYTES) throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, { message: `The bundle is larger than ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB; a bundle holds text only (the dataset goes by slug).` });
    chunks.push(chunk);
  }
  return { header: header.data, zip: new Uint8Array(Buffer.concat(chunks)) };
}
