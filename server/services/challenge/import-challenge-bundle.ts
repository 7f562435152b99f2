// A new challenge from a bundle (format v1, see export-challenge-bundle.ts). Everything is
// checked before anything is created: the zip and challenge.yaml (read-challenge-bundle.ts),
// the phases against one another, the dataset on this site, the slug, the metric against
// the dataset (createChallenge). If a later step fails, the challenge is deleted again.
import { TASK_TYPE_TITLES } from "../../../datasets/task-types";
import { ZImportChallengeBundleHeaderSchema } from "../../contracts/challenge-bundle";
import { quotaProblems } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { readUploadFrame, UploadFrameError } from "../../contracts/upload-frame";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { challengeRepository } from "../../repositories/challenge-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { createChallenge } from "./create-challenge";
import { assertTestSetStillHidden } from "./phase-schedule";
import { readChallengeBundle } from "./read-challenge-bundle";

/** Bundles hold text only (four pages of at most 50,000 characters, a scorer of at most 256 KiB). */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

const refused = (problems: string[]) =>
  new AppError(AppErrorCode.INVALID_INPUT, { message: `The bundle was not imported:\n${problems.map((p) => `- ${p}`).join("\n")}` });

export async function importChallengeBundle(input: { user: SessionUser; stream: ReadableStream<Uint8Array> }): Promise<{ slug: string; notice: string | null }> {
  const { header, zip } = await readBundleUpload(input.stream);
  const read = readChallengeBundle(zip);
  if (!read.ok) throw refused(read.problems);
  const { manifest, pages, scorer } = read.bundle;

  const problems: string[] = [];
  if (scorer) {
    // Re-uploading the module through uploadCustomScorer (a sandbox trial on the new
    // challenge's data) is not wired up yet; importing the rest would silently change the scoring rule.
    problems.push(
      `challenge.yaml: metric.id: "${manifest.metric.id}" is a custom scorer, and bundles with a custom scorer cannot be imported yet; ` +
        "remove customScorer and the scorer/ folder, give a built-in metric, and upload the scorer on the new challenge's Edit page",
    );
  }
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
  for (const phase of manifest.phases.slice(1)) await assertTestSetStillHidden({ datasetId: dataset.id }, phase.endsAt, new Date());

  const [first, ...rest] = manifest.phases;
  if (!first) throw refused(["challenge.yaml: phases: at least one phase"]);
  const created = await createChallenge({
    user: input.user,
    request: {
      slug,
      title: manifest.title,
      summary: manifest.summary,
      datasetSlug: dataset.slug,
      metricId: manifest.metric.id,
      metricParams: manifest.metric.params,
      submissionKinds: manifest.submissionKinds,
      ...(manifest.modelContract !== null ? { modelContract: manifest.modelContract } : {}),
      phase: { name: first.name, startsAt: first.startsAt, endsAt: first.endsAt, dailyQuota: first.dailyQuota, totalQuota: first.totalQuota, confirmQuota: first.confirmQuota },
      pages,
    },
  });
  try {
    const stored = await challengeRepository.findByIdIncludePhases(created.id);
    const firstPhase = stored?.phases[0];
    if (!firstPhase) throw new AppError(AppErrorCode.INTERNAL, { message: "The new challenge has no phase." });
    await challengeRepository.updatePhase(firstPhase.id, { failedCountTowardsQuota: first.failedCountTowardsQuota, ladder: first.ladder });
    for (const phase of rest) {
      await challengeRepository.createPhaseLast(created.id, {
        name: phase.name,
        startsAt: phase.startsAt,
        endsAt: phase.endsAt,
        dailyQuota: phase.dailyQuota,
        totalQuota: phase.totalQuota,
        failedCountTowardsQuota: phase.failedCountTowardsQuota,
        ladder: phase.ladder,
      });
    }
  } catch (error) {
    await challengeRepository.deleteById(created.id);
    throw error;
  }
  return { slug: created.slug, notice: created.notice };
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
