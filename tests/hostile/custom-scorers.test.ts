// The hostile corpus, custom scorers: modules a host (or whoever took over a host's account)
// uploads that loop, exhaust memory, read files, open sockets, return NaN or out-of-range
// scores, disagree with a known answer, throw or reject valid files. Each is refused with a
// report saying which case and why, stores nothing (no row, no blob, no empty directory), and
// the worker's sandbox still scores ordinary and custom-scored submissions afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBlobStore } from "../../server/blob";
import type { SessionUser } from "../../server/contracts/common";
import type { UploadCustomScorerRequest } from "../../server/contracts/custom-scorer";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { setChallengeScorer } from "../../server/services/custom-scorer/set-challenge-scorer";
import { uploadCustomScorer } from "../../server/services/custom-scorer/upload-custom-scorer";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { CUSTOM_TRUTH, EXAMPLE_SCORER_SOURCE, KNOWN_ANSWER_SUBMISSION, PARTICIPANT_SUBMISSION, SAMPLE_SUBMISSION } from "../support/custom-scorer-cases";
import { callerFor, createChallenge, createUser, uploadStream } from "../support/fixtures";
import { expectNothingStored, expectStillScores, storageSnapshot } from "./support";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

/** Small limits, so that a loop or a memory bomb is refused in seconds. */
const LIMITS = { timeoutMs: 8_000, memoryMb: 256 };

let host: SessionUser;
let challenge: Awaited<ReturnType<typeof createChallenge>>;

beforeAll(async () => {
  host = await createUser("host");
  challenge = await createChallenge({ truthCsv: CUSTOM_TRUTH, hostId: host.id, dailyQuota: 50 });
  const sampleKey = `challenges/${challenge.slug}/sample_submission.csv`;
  await getBlobStore().put(sampleKey, SAMPLE_SUBMISSION);
  await getPrisma().challenge.update({ where: { id: challenge.id }, data: { sampleSubmissionKey: sampleKey } });
});

/** The worked example with one piece of its source replaced. */
function variant(version: string, from: string, to: string): string {
  const source = EXAMPLE_SCORER_SOURCE.replace('version: "1.0.0"', `version: "${version}"`);
  if (!source.includes(from)) throw new Error(`the example has no ${from}`);
  return source.replace(from, to);
}

const FINALIZE = "finalize(state) {";
const UPDATE = "update(state, line, lineNumber) {";

/** Uploads `source`, which must be refused with `problem`, leaving nothing stored. */
async function expectRefused(source: string, problem: RegExp, extra: Partial<UploadCustomScorerRequest> = {}) {
  const before = await storageSnapshot();
  const versions = await getPrisma().customScorerVersion.count();
  const started = Date.now();
  const result = await uploadCustomScorer({ user: host, request: { challengeSlug: challenge.slug, filename: "scorer.js", source, ...extra }, limits: LIMITS });
  expect(result.status).toBe("refused");
  expect(result.version).toBeNull();
  expect(result.problems.join("\n")).toMatch(problem);
  // Nothing of the server's leaks into the report.
  expect(result.problems.join("\n")).not.toMatch(/\/(work|root|home)\/|scopebench-(test-var|custom-scorer)/);
  await expectNothingStored(before);
  expect(await getPrisma().customScorerVersion.count()).toBe(versions);
  return { result, elapsedMs: Date.now() - started };
}

describe("hostile custom scorers", () => {
  it("should refuse an endless loop at the trial's time limit", async () => {
    const { result, elapsedMs } = await expectRefused(variant("2.0.0", UPDATE, `${UPDATE} for (;;) {}`), /On the sample submission sample_submission\.csv: it did not finish within the trial's limit of 8 s \(an endless loop\?\)/);
    expect(result.cases).toMatchObject([{ kind: "sample", passed: false }]);
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it("should refuse a memory bomb at the memory limit", async () => {
    await expectRefused(
      variant("2.0.1", FINALIZE, `${FINALIZE} const hoard = []; for (let i = 0; ; i++) hoard.push(new Array(1e6).fill(i));`),
      /it ran out of memory \(limit 256 MiB\)/,
    );
  });

  it("should refuse a module that reads a file, with the reason", async () => {
    await expectRefused(
      `import fs from "node:fs";\n${variant("2.0.2", "loadTruth(text) {", 'loadTruth(text) { fs.readFileSync("/etc/passwd", "utf8");')}`,
      /The module could not be loaded: The scorer threw in loading the module: Error: require\("node:fs"\) is not available to a scorer: a scorer is one self-contained module without I\/O/,
    );
    // Reaching for Node through the realm's constructors finds no process either.
    await expectRefused(
      variant("2.0.3", "loadTruth(text) {", 'loadTruth(text) { const p = (() => {}).constructor("return process")(); p.getBuiltinModule("fs").readFileSync("/etc/passwd");'),
      /On the sample submission sample_submission\.csv: The scorer threw in loadTruth: EvalError: Code generation from strings disallowed for this context/,
    );
  });

  it("should refuse a module that opens a socket or fetches", async () => {
    await expectRefused(
      `const net = require("node:net");\n${variant("2.0.4", "loadTruth(text) {", 'loadTruth(text) { net.connect(80, "1.1.1.1");')}`,
      /require\("node:net"\) is not available to a scorer/,
    );
    await expectRefused(
      variant("2.0.5", "loadTruth(text) {", 'loadTruth(text) { fetch("http://1.1.1.1/truth");'),
      /The scorer threw in loadTruth: Error: fetch\(\) is not available to a scorer: scorers run without a network/,
    );
  });

  it("should refuse NaN and scores outside the declared range", async () => {
    await expectRefused(variant("2.0.6", "score: f(counts.all)", "score: NaN"), /On the sample submission sample_submission\.csv: finalize returned score NaN, not a finite number\.$/);
    await expectRefused(variant("2.0.7", "score: f(counts.all)", "score: 1.5"), /it returned score 1\.5, outside its declared range \[0, 1\]/);
    await expectRefused(variant("2.0.8", "public: hasUsage ? f(counts.Public) : null", "public: -1"), /it returned public -1, outside its declared range \[0, 1\]/);
    await expectRefused(variant("2.0.9", "private: hasUsage ? f(counts.Private) : null", "private: null"), /it returned no private score, but the truth has a Usage column/);
  });

  it("should refuse a scorer that disagrees with a known answer, naming both scores", async () => {
    await expectRefused(variant("2.1.0", "iou(t, p) > 0.5", "iou(t, p) > 0.8"), /On the known answer known\.csv: it disagrees with the known answer: score 0\.4, expected 0\.6 \(tolerance 0\.000001\)/, {
      knownAnswers: [{ name: "known.csv", content: KNOWN_ANSWER_SUBMISSION, expectedScore: 0.6 }],
    });
  });

  it("should refuse a scorer that throws, rejects the valid sample, or does not parse", async () => {
    await expectRefused(variant("2.1.1", UPDATE, `${UPDATE} if (lineNumber === 3) throw new TypeError("cannot read the mask");`), /The scorer threw in update \(line 3\): TypeError: cannot read the mask \(scorer\.js line \d+\)/);
    await expectRefused(variant("2.1.2", UPDATE, `${UPDATE} if (lineNumber === 2) return { message: "no thanks", line: 2 };`), /On the sample submission sample_submission\.csv: it rejected the file: Line 2: no thanks/);
    await expectRefused(variant("2.1.3", "export default {", "export default {{"), /scorer\.js line \d+, column \d+: /);
    await expectRefused(variant("2.1.4", "outputs: [{ key: \"score\"", "outputs: [{ key: \"f\""), /The scorer's declaration is invalid: outputs: the first output must have key "score"/);
  });
});

describe("after the hostile custom scorers", () => {
  it("should still score ordinary submissions", async () => {
    await expectStillScores();
  });

  it("should still try and run a good custom scorer, and fail (not store) a live score outside its range", async () => {
    const good = await uploadCustomScorer({ user: host, request: { challengeSlug: challenge.slug, filename: "f-beta-at-iou.js", source: EXAMPLE_SCORER_SOURCE }, limits: LIMITS });
    expect(good.problems).toEqual([]);
    await setChallengeScorer({ user: host, challengeSlug: challenge.slug, customScorerVersionId: good.version!.id });
    const participant = await createUser();
    const first = await callerFor(participant).submission.create(uploadStream(challenge.slug, PARTICIPANT_SUBMISSION));
    expect(await processSubmission(first.id, { workerId: "hostile-custom" })).toBe("scored");

    // Passes its trial, then answers 5 to a file its trial never saw.
    const sly = await uploadCustomScorer({
      user: host,
      request: { challengeSlug: challenge.slug, filename: "sly.js", source: variant("3.0.0", "score: f(counts.all)", 'score: state.pred.get("c")?.[1]?.size === 5 ? 5 : f(counts.all)') },
      limits: LIMITS,
    });
    expect(sly.problems).toEqual([]);
    await setChallengeScorer({ user: host, challengeSlug: challenge.slug, customScorerVersionId: sly.version!.id });
    const second = await callerFor(participant).submission.create(uploadStream(challenge.slug, PARTICIPANT_SUBMISSION));
    expect(await processSubmission(second.id, { workerId: "hostile-custom" })).toBe("failed");
    expect(await getPrisma().submission.findUniqueOrThrow({ where: { id: second.id }, select: { errorMessage: true, publicScore: true } })).toEqual({
      errorMessage: "The challenge's scorer returned an invalid score; the hosts have been told.",
      publicScore: null,
    });
  });
});
