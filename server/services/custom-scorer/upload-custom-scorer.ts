// A host uploads a custom scorer for a challenge they host: compiled to CommonJS (types
// stripped), tried in the sandbox on the challenge's sample submission, its baselines and the
// host's known answers (try-custom-scorer.ts), and stored only if it passes: the compiled
// module under custom-scorers/ (never served) and one row with the trial's report. A refused
// scorer, or any failure on the way, leaves nothing stored.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import { ZUploadCustomScorerRequestSchema, type UploadCustomScorerRequest, type UploadCustomScorerResponse } from "../../contracts/custom-scorer";
import { AppError, AppErrorCode } from "../../errors";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import type { SandboxLimits } from "../../sandbox/sandbox";
import { compileScorerModule } from "./compile-scorer-module";
import { findHostedChallengeForScorer } from "./find-hosted-challenge-for-scorer";
import { toCustomScorerVersionDto } from "./to-custom-scorer-dto";
import { tryCustomScorer, type TrialCase } from "./try-custom-scorer";

const customScorerModuleKey = (id: string) => `custom-scorers/${id}/module.cjs`;

export async function uploadCustomScorer(input: { user: SessionUser; request: UploadCustomScorerRequest; limits?: SandboxLimits }): Promise<UploadCustomScorerResponse> {
  const request = ZUploadCustomScorerRequestSchema.parse(input.request);
  const challenge = await findHostedChallengeForScorer(input.user, request.challengeSlug);
  const compiled = await compileScorerModule(request.filename, request.source);
  if (!compiled.ok) return { status: "refused", problems: compiled.problems, cases: [], version: null };

  // The module and the known answers go to a private folder for the sandbox's read-only binds.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-custom-scorer-"));
  try {
    const modulePath = path.join(work, "scorer.js");
    fs.writeFileSync(modulePath, compiled.code, { mode: 0o600 });
    const known: TrialCase[] = request.knownAnswers.map((answer, i) => {
      const file = path.join(work, `known-${i}.csv`);
      fs.writeFileSync(file, answer.content, { mode: 0o600 });
      return { name: answer.name, kind: "known-answer", path: file, expectedScore: answer.expectedScore, tolerance: answer.tolerance };
    });
    const baselines = await customScorerRepository.listBaselineFiles(challenge.id);
    const trial = await getBlobStore().withLocalFiles(async (localPath) => {
      const cases: TrialCase[] = [];
      if (challenge.sampleSubmissionKey) cases.push({ name: "sample_submission.csv", kind: "sample", path: await localPath(challenge.sampleSubmissionKey) });
      for (const baseline of baselines) cases.push({ name: baseline.filename, kind: "baseline", path: await localPath(baseline.blobKey) });
      cases.push(...known);
      return tryCustomScorer({ modulePath, truthPath: await localPath(challenge.dataset.truthKey), cases, params: request.params, ...(input.limits ? { limits: input.limits } : {}) });
    });
    if (trial.problems.length > 0 || !trial.declaration || !trial.params) {
      return { status: "refused", problems: trial.problems, cases: trial.cases, version: null };
    }
    const { declaration } = trial;
    if (await customScorerRepository.findByChallengeAndVersion(challenge.id, declaration.id, declaration.version)) {
      throw new AppError(AppErrorCode.CONFLICT, {
        message: `Version ${declaration.version} of ${declaration.id} is already stored for this challenge; give changed code a new version.`,
      });
    }
    const id = crypto.randomUUID();
    const moduleKey = customScorerModuleKey(id);
    const store = getBlobStore();
    await store.put(moduleKey, compiled.code);
    try {
      const row = await customScorerRepository.create({
        id,
        challengeId: challenge.id,
        scorerId: declaration.id,
        version: declaration.version,
        title: declaration.title,
        sourceSha256: crypto.createHash("sha256").update(request.source).digest("hex"),
        moduleKey,
        declaration,
        params: trial.params,
        trial: { cases: trial.cases, triedAt: new Date().toISOString() },
        createdById: input.user.id,
      });
      return { status: "passed", problems: [], cases: trial.cases, version: toCustomScorerVersionDto(row, challenge.metricId) };
    } catch (error) {
      await store.delete(moduleKey);
      throw error;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
