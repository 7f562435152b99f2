// The hostile corpus: inputs an attacker sent that used to end as HTTP 500 or as "An internal
// error stopped scoring" (NUL bytes reaching PostgreSQL, binary files, 1,000-call batches).
// Every case gets a specific clear answer, stores nothing, uses no quota, and the platform
// scores ordinary submissions afterwards.
import { zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { challengeFileResponse, trainingImageResponse } from "../../server/api/challenge-file-responses";
import { handleTrpcRequest } from "../../server/api/handle-trpc-request";
import { MAX_TRPC_BATCH_SIZE, type SessionUser } from "../../server/contracts/common";
import { disconnectPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { challengeRepository } from "../../server/repositories/challenge-repository";
import { findVisibleChallenge } from "../../server/services/challenge/find-challenge";
import { getTrainingImage } from "../../server/services/challenge/get-challenge-data";
import { datasetRepository } from "../../server/repositories/dataset-repository";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { processDatasetImport } from "../../server/services/dataset/process-dataset-import";
import { encodeGreyPng, encodeMaskPng } from "../../datasets/png";
import { asOctetInput, callerFor, createChallenge, createUser, uploadStream } from "../support/fixtures";
import { expectNothingStored, expectStillScores, quotaUsed, storageSnapshot, type StorageSnapshot } from "./support";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

afterEach(() => {
  vi.restoreAllMocks();
});

let participant: SessionUser;
let host: SessionUser;
let challenge: Awaited<ReturnType<typeof createChallenge>>;

beforeAll(async () => {
  participant = await createUser();
  host = await createUser("host");
  challenge = await createChallenge({ dailyQuota: 100, hostId: host.id });
});

/** Runs `check` (which asserts the answer) and then that nothing was stored and no quota used. */
async function withoutSideEffects(check: () => Promise<void>): Promise<void> {
  const before = await storageSnapshot();
  const quota = await quotaUsed(participant, challenge.slug);
  await check();
  await expectNothingStored(before);
  expect(await quotaUsed(participant, challenge.slug)).toEqual(quota);
}

/** Runs `act`, which must be refused, and checks that it left nothing behind and used no quota. */
async function expectRefusedCleanly(act: () => Promise<unknown>, expected: { code: string; message: RegExp }): Promise<void> {
  await withoutSideEffects(async () => {
    await expect(act()).rejects.toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message) });
  });
}

/** An upload frame with any header (valid JSON or not an object at all). */
function frame(header: unknown, body: string | Uint8Array = "ImageId,EncodedPixels\n"): Blob {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return asOctetInput(new Blob([encodeUploadHeader(header).buffer as ArrayBuffer, bytes.buffer as ArrayBuffer]).stream());
}

const NUL = "\u0000";
const HOUR = 3600_000;

function validChallengeRequest(overrides: Record<string, unknown> = {}) {
  return {
    slug: "hostile-challenge",
    title: "A hostile challenge",
    summary: "Never created",
    datasetSlug: "no-such-dataset",
    phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) },
    ...overrides,
  };
}

describe("tRPC procedure inputs", () => {
  it.each([
    ["a NUL in a slug", () => callerFor(null).challenge.bySlug({ slug: `nuclei${NUL}` }), /slug: lowercase letters, digits and dashes/],
    ["a NUL in a leaderboard's challenge", () => callerFor(null).leaderboard.get({ challenge: `a${NUL}b` }), /challenge: lowercase letters/],
    ["a NUL in a submission id", () => callerFor(participant).submission.byId({ id: `abc${NUL}` }), /id: letters, digits, dashes and underscores/],
    ["a NUL in a transfer's submission id", () => callerFor(participant).submission.transfer({ submissionId: `x${NUL}`, targetSlug: "other" }), /submissionId: letters, digits/],
    ["a NUL in an import id", () => callerFor(host).dataset.importStatus({ id: `${NUL}` }), /id: letters, digits/],
    ["a NUL in a phase id", () => callerFor(host).challenge.updatePhase({ phaseId: `p${NUL}`, dailyQuota: 3 }), /phaseId: letters, digits/],
    ["a phase end in the year 200000", () => callerFor(host).challenge.updatePhase({ phaseId: challenge.phaseId, endsAt: new Date(Date.UTC(200_000, 0, 1)) }), /endsAt: must be a date in the years 2000 to 9999/],
    ["a negative gallery page", () => callerFor(null).challenge.gallery({ slug: challenge.slug, page: -1 }), /page: Too small/],
    ["a gallery page past any OFFSET", () => callerFor(null).challenge.gallery({ slug: challenge.slug, page: 1e15 }), /page: Too big/],
    ["a JSON object where the upload stream goes", () => callerFor(participant).submission.create({ challenge: "x" } as unknown as Blob), /ReadableStream|stream/i],
    ["a JSON object where the dataset archive goes", () => callerFor(host).dataset.import(null as unknown as Blob), /ReadableStream|stream/i],
    ["a fractional page size", () => callerFor(null).challenge.gallery({ slug: challenge.slug, pageSize: 1.5 }), /pageSize:/],
  ])("should refuse %s with BAD_REQUEST naming the field", async (_name, act, message) => {
    await expectRefusedCleanly(act, { code: "BAD_REQUEST", message });
  });

  it.each([
    ["a NUL in the title", { title: `Nuclei${NUL}` }, /title: must not contain control characters/],
    ["a newline in the summary", { summary: "two\nlines" }, /summary: must not contain control characters/],
    ["a NUL in a markdown page", { pages: { overview: `# Hi${NUL}` } }, /pages\.overview: must not contain control characters/],
    ["a NUL deep inside the metric parameters", { metricParams: { thresholds: [{ label: `a${NUL}` }] } }, /metricParams\.thresholds: must not contain control characters/],
    ["a NUL in a model contract's tensor name", { modelContract: { task: "segmentation", inputName: `in${NUL}` } }, /modelContract: must not contain control characters/],
    ["a Date where the title should be text", { title: new Date() }, /title: Invalid input: expected string/],
    ["a quota of 1e300", { phase: { startsAt: new Date(), endsAt: new Date(Date.now() + HOUR), dailyQuota: 1e300 } }, /phase\.dailyQuota: Too big/],
    ["an array where the phase object goes", { phase: [1, 2] }, /phase: Invalid input: expected object/],
    ["a dataset slug with a NUL", { datasetSlug: `ds${NUL}` }, /datasetSlug: lowercase letters, digits and dashes/],
    ["a start date before PostgreSQL's calendar", { phase: { startsAt: new Date(-8.64e15), endsAt: new Date() } }, /phase\.startsAt: must be a date in the years 2000 to 9999/],
    ["an invalid Date", { phase: { startsAt: new Date(Number.NaN), endsAt: new Date() } }, /phase\.startsAt: Invalid input: expected date/],
  ])("should refuse a challenge with %s, naming the field", async (_name, overrides, message) => {
    await expectRefusedCleanly(
      () => callerFor(host).challenge.create(validChallengeRequest(overrides) as Parameters<ReturnType<typeof callerFor>["challenge"]["create"]>[0]),
      { code: "BAD_REQUEST", message },
    );
  });
});

describe("upload headers", () => {
  it.each([
    ["dir/", "directory"],
    ["/", "root"],
    ["..", "dots"],
    ["some/dir/...", "dots after a directory"],
    ["   ", "blanks"],
    ["a\\b\\", "Windows directory"],
  ])("should refuse the filename %j (%s) instead of storing an empty name", async (filename) => {
    await expectRefusedCleanly(() => callerFor(participant).submission.create(frame({ challenge: challenge.slug, filename })), {
      code: "BAD_REQUEST",
      message: /^Bad upload header: filename: .*(must name a file|Too small)/,
    });
  });

  it("should strip directories from a filename and keep the name", async () => {
    const { id } = await callerFor(participant).submission.create(uploadStream(challenge.slug, "ImageId,EncodedPixels\nimg-pub,1 2\nimg-priv,5 4\n", "../../etc/preds.csv"));
    expect((await callerFor(participant).submission.byId({ id })).filename).toBe("preds.csv");
    await callerFor(host).submission.cancel({ id });
  });

  it.each([
    ["a NUL in the filename", { challenge: "x", filename: `a${NUL}.csv` }, /filename: must not contain control characters/],
    ["a lone surrogate in the filename", { challenge: "x", filename: "\uDC00.csv" }, /filename: must be valid Unicode text/],
    ["a 10,000-character filename", { challenge: "x", filename: `${"a".repeat(10_000)}.csv` }, /filename: Too big/],
    ["a NUL in the phase id", { challenge: "x", phaseId: `p${NUL}`, filename: "a.csv" }, /phaseId: letters, digits/],
    ["a number where the challenge goes", { challenge: 12, filename: "a.csv" }, /challenge: Invalid input: expected string/],
    ["a header that is JSON null", null, /header: Invalid input: expected object, received null/],
    ["a header that is an array", [{ challenge: "x" }], /header: Invalid input: expected object, received array/],
    ["an unknown kind", { challenge: "x", filename: "a.csv", kind: "exe" }, /kind: Invalid option/],
  ])("should refuse a submission header with %s, naming the field", async (_name, header, message) => {
    await expectRefusedCleanly(() => callerFor(participant).submission.create(frame(header)), { code: "BAD_REQUEST", message: new RegExp(`^Bad upload header: .*${message.source}`) });
  });

  const importOptions = { slug: "hostile-ds", name: "Hostile" };
  it.each([
    ["a NUL in the dataset name", { filename: "d.zip", options: { ...importOptions, name: `x${NUL}` } }, /Import options: name: must not contain control characters/],
    ["a directory as the archive's name", { filename: "upload/", options: importOptions }, /Import options: filename: must name a file/],
    ["a NUL in a public metadata key", { filename: "d.zip", options: { ...importOptions, publicMetadataKeys: [`stain${NUL}`] } }, /Import options: publicMetadataKeys\.0: must not contain control characters/],
    ["a NUL in the stratification column", { filename: "d.zip", options: { ...importOptions, split: { kind: "stratified", by: `c${NUL}` } } }, /Import options: split\.by: must not contain control characters/],
    ["a lone surrogate in the description", { filename: "d.zip", options: { ...importOptions, description: "half \uD800 a pair" } }, /Import options: description: must be valid Unicode/],
    ["options that are null", { filename: "d.zip", options: null }, /Import options: options: Invalid input: expected object/],
  ])("should refuse a dataset import with %s, naming the field", async (_name, header, message) => {
    await expectRefusedCleanly(() => callerFor(host).dataset.import(frame(header, new Uint8Array([0x50, 0x4b, 0x05, 0x06]))), { code: "BAD_REQUEST", message });
  });
});

describe("dataset archives with hostile names", () => {
  it("should fail an import whose image ids and metadata hold NUL with a stored, escaped report", async () => {
    const labels = new Uint8Array(64);
    labels.fill(1, 0, 16);
    const image = encodeGreyPng(new Uint8Array(64).fill(90), 8, 8);
    const files: Record<string, Uint8Array> = {};
    for (const id of ["good-image", `bad${NUL}image`, "esc\u001b[2Jimage"]) {
      files[`stage1_train/${id}/images/${id}.png`] = image;
      files[`stage1_train/${id}/masks/1.png`] = encodeMaskPng(labels, 8, 8, 1);
    }
    files["metadata.csv"] = new TextEncoder().encode(`ImageId,condition\ngood-image,fluo${NUL}\n`);
    const header = encodeUploadHeader({ filename: "hostile.zip", options: { slug: "hostile-names", name: "Hostile names" } });
    const caller = callerFor(host);
    const datasetsBefore = (await storageSnapshot()).rows.datasets;
    const started = await caller.dataset.import(asOctetInput(new Blob([header.buffer as ArrayBuffer, zipSync(files).buffer as ArrayBuffer]).stream()));
    expect(await processDatasetImport(started.id)).toBe("problems");
    const report = await caller.dataset.importStatus({ id: started.id });
    expect(report.status).toBe("failed");
    const text = report.problems.map((p) => p.message).join("\n");
    expect(text).toMatch(/bad\\u0000image.*contains control characters/);
    expect(text).toMatch(/esc\\u001b\[2Jimage.*contains control characters/);
    expect(text).toMatch(/metadata\.csv:2: contains a NUL byte/);
    expect(text).not.toMatch(/unexpectedly/);
    for (const problem of report.problems) expect(`${problem.message}${problem.file ?? ""}${problem.imageId ?? ""}`).not.toMatch(/[\u0000-\u001f]/);
    expect((await storageSnapshot()).rows.datasets).toBe(datasetsBefore);
  });
});

describe("prediction files that are not UTF-8 text", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it.each([
    ["gzip-compressed", new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xf3, 0x4c, 0x4d]), /^The file is gzip-compressed; upload the uncompressed CSV\.$/],
    ["a zip archive", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), /^The file is a zip archive/],
    ["UTF-16 with a byte-order mark", new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ImageId,EncodedPixels\nimg-pub,1 2\n", "utf16le")])), /^The file is UTF-16 encoded; save it as UTF-8\.$/],
    ["UTF-16 without a byte-order mark", new Uint8Array(Buffer.from("ImageId,EncodedPixels\nimg-pub,1 2\n", "utf16le")), /^The file is UTF-16 encoded; save it as UTF-8\.$/],
    ["a NUL in the header", utf8(`ImageId,Encoded${NUL}Pixels\nimg-pub,1 2\n`), /^Line 1 contains a NUL byte/],
    ["a NUL in an ImageId", utf8(`ImageId,EncodedPixels\nimg-pub,1 2\nimg-${NUL}priv,5 4\n`), /^Line 3 contains a NUL byte/],
    ["Latin-1 bytes", new Uint8Array([...utf8("ImageId,EncodedPixels\nimg-pub,1 2\nimg-pri"), 0xe9, ...utf8(",5 4\n")]), /^Line 3 is not valid UTF-8 text/],
    ["an ImageId with other control characters", utf8("ImageId,EncodedPixels\nimg-pub,1 2\nimg-\u0001\u001b[31m,5 4\n"), /img-\\u0001\\u001b\[31m/],
    ["a 100,000-character ImageId", utf8(`ImageId,EncodedPixels\nimg-pub,1 2\n${"x".repeat(100_000)},5 4\n`), /^Line 3.*x…/],
  ])("should fail a %s file as rejected with a clear message, using no quota", async (_name, bytes, message) => {
    const before = await storageSnapshot();
    const quota = await quotaUsed(participant, challenge.slug);
    const { id } = await callerFor(participant).submission.create(uploadStream(challenge.slug, bytes));
    expect(await processSubmission(id, { workerId: "hostile" })).toBe("failed");
    const submission = await callerFor(participant).submission.byId({ id });
    expect(submission.status).toBe("failed");
    expect(submission.failureKind).toBe("rejected");
    expect(submission.errorMessage).toMatch(message);
    expect(submission.errorMessage).not.toMatch(/internal error|[\u0000-\u001f]/i);
    expect(submission.errorMessage!.length).toBeLessThanOrEqual(700);
    // The failed submission itself is kept (its file and row, to show the message), nothing else.
    await expectOnlySubmissionStored(before, id);
    expect(await quotaUsed(participant, challenge.slug)).toEqual(quota);
  });

  async function expectOnlySubmissionStored(before: StorageSnapshot, id: string): Promise<void> {
    const after = await storageSnapshot();
    expect(after.rows).toEqual({ ...before.rows, submissions: before.rows.submissions! + 1 });
    const added = after.blobPaths.filter((p) => !before.blobPaths.includes(p));
    expect(added.every((p) => p.includes(id) || p === "submissions/")).toBe(true);
  }
});

describe("the tRPC endpoint over HTTP", () => {
  const anonymous = async () => null;
  const get = (path: string) => handleTrpcRequest(new Request(`http://x/api/trpc/${path}`), anonymous);
  const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

  /** Asserts a tRPC-shaped 400 (as superjson sends it) whose message matches. */
  async function expectBadRequest(response: Response, message: RegExp): Promise<void> {
    expect(response.status).toBe(400);
    const body = (await response.json()) as unknown;
    const error = (Array.isArray(body) ? body[0] : body) as { error?: { json?: { message?: string; data?: { code?: string; httpStatus?: number } } } };
    expect(error.error?.json?.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(error.error?.json?.message).toMatch(message);
  }

  it("should refuse an anonymous GET batching 1,000 procedures before any runs", async () => {
    const paths = Array.from({ length: 1000 }, () => "challenge.bySlug").join(",");
    const inputs = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, { json: { slug: challenge.slug } }]));
    await withoutSideEffects(async () => {
      const spy = vi.spyOn(challengeRepository, "findBySlugIncludePhases");
      await expectBadRequest(await get(`${paths}?batch=1&input=${input(inputs)}`), new RegExp(`at most ${MAX_TRPC_BATCH_SIZE} procedures; this one calls 1000`));
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    });
  });

  it("should refuse a POST batch one over the limit, and answer one at the limit", async () => {
    const over = Array.from({ length: MAX_TRPC_BATCH_SIZE + 1 }, () => "challenge.list").join(",");
    const post = await handleTrpcRequest(new Request(`http://x/api/trpc/${over}?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), anonymous);
    await expectBadRequest(post, new RegExp(`this one calls ${MAX_TRPC_BATCH_SIZE + 1}`));
    const atLimit = Array.from({ length: MAX_TRPC_BATCH_SIZE }, () => "challenge.list").join(",");
    const ok = await get(`${atLimit}?batch=1&input=${input({})}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(MAX_TRPC_BATCH_SIZE);
  });

  it.each([
    ["input that is not JSON", `challenge.bySlug?input=${encodeURIComponent("{bad")}`, /JSON|Unexpected|position/i],
    ["a NUL in a URL parameter", `challenge.bySlug?input=${input({ json: { slug: `a${NUL}b` } })}`, /slug: lowercase letters/],
    ["a superjson Date where a slug goes", `challenge.bySlug?input=${input({ json: { slug: "2020-01-01T00:00:00.000Z" }, meta: { values: { slug: ["Date"] } } })}`, /slug: Invalid input: expected string, received Date/],
    ["a superjson type that does not exist", `challenge.bySlug?input=${input({ json: { slug: "a" }, meta: { values: { slug: [["custom", "Nope"]] } } })}`, /.+/],
    ["a batch whose input is not an object", `challenge.bySlug?batch=1&input=${input(5)}`, /"input" needs to be an object/],
    ["a procedure path of 5,000 characters", `${"a".repeat(5000)}`, /longer than 2000 characters/],
    ["a procedure path that is not URL encoding", "challenge.list%E0%A4%A", /not valid URL encoding/],
    ["a NUL in the procedure path", "challenge.list%00", /control characters/],
    ["a gallery page that is negative", `challenge.gallery?input=${input({ json: { slug: "nuclei", page: -5 } })}`, /page: Too small/],
  ])("should answer %s with 400, not 500", async (_name, path, message) => {
    await withoutSideEffects(async () => expectBadRequest(await get(path), message));
  });
});

describe("route handlers with parameters", () => {
  async function expectJsonError(response: Response, status: number, message: RegExp): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(message);
    expect(body.error).not.toMatch(/[\u0000-\u001f]|prisma|postgres|\/var|at .*\.ts/i);
  }

  it.each([
    ["a NUL in the slug", { slug: `a${NUL}b`, name: "train.zip" }, /^Bad address: slug: lowercase letters/],
    ["a 10,000-character slug", { slug: "a".repeat(10_000), name: "train.zip" }, /^Bad address: slug: Too big/],
    ["a file name with a path", { slug: "nuclei", name: "../../etc/passwd" }, /^Bad address: name: letters, digits, dots/],
    ["a NUL in the file name", { slug: "nuclei", name: `train${NUL}.zip` }, /^Bad address: name: letters, digits, dots/],
  ])("should answer a download with %s 400 before any query", async (_name, params, message) => {
    await withoutSideEffects(async () => {
      const spy = vi.spyOn(challengeRepository, "findBySlugIncludePhases");
      await expectJsonError(await challengeFileResponse(params, async () => null), 400, message);
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    });
  });

  it.each([
    ["a NUL in the image id", { slug: "x", imageId: `img${NUL}` }, /^Bad address: imageId: must not contain control characters/],
    ["a 10,000-character image id", { slug: "x", imageId: "i".repeat(10_000) }, /^Bad address: imageId: Too big/],
    ["an escape sequence in the slug", { slug: "\u001b[2J", imageId: "img" }, /^Bad address: slug:/],
  ])("should answer an image with %s 400 before any query", async (_name, params, message) => {
    await withoutSideEffects(async () => {
      const spy = vi.spyOn(challengeRepository, "findBySlugIncludePhases");
      await expectJsonError(await trainingImageResponse(params, new URL("http://x/?overlay=1"), async () => null), 400, message);
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    });
  });

  it("should answer an unknown but well-formed challenge or file with 404 JSON", async () => {
    await expectJsonError(await challengeFileResponse({ slug: "no-such-challenge", name: "train.zip" }, async () => null), 404, /No challenge called "no-such-challenge"/);
    await expectJsonError(await challengeFileResponse({ slug: challenge.slug, name: "secret.csv" }, async () => null), 404, /No file "secret.csv"/);
  });

  it("should have the image service refuse a NUL image id as not found without querying for it", async () => {
    const spy = vi.spyOn(datasetRepository, "findTrainItem");
    await expect(getTrainingImage({ slug: challenge.slug, imageId: `img${NUL}`, overlay: false, user: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: 'No training image "img\\u0000" in this challenge.',
    });
    expect(spy).not.toHaveBeenCalled();
  });

  it("should have services refuse a malformed slug as not found without querying, echoing it escaped", async () => {
    const spy = vi.spyOn(challengeRepository, "findBySlugIncludePhases");
    await expect(findVisibleChallenge(`a${NUL}b`, null)).rejects.toMatchObject({ code: "NOT_FOUND", message: 'No challenge called "a\\u0000b".' });
    expect(spy).not.toHaveBeenCalled();
  });
});

describe("afterwards", () => {
  it("should still take and score an ordinary submission", async () => {
    await expectStillScores();
  }, 180_000);
});
