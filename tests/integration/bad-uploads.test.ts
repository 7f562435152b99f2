import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../server/env";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { asOctetInput, callerFor, createChallenge, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

describe("bad uploads", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let challenge: Awaited<ReturnType<typeof createChallenge>>;

  beforeAll(async () => {
    user = await createUser();
    challenge = await createChallenge({ dailyQuota: 100 });
  });

  async function submitAndScore(content: string) {
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, content));
    await processSubmission(id, { workerId: "test" });
    return callerFor(user).submission.byId({ id });
  }

  it.each([
    ["a wrong header", "Id,Pixels\nimg-pub,1 2\n", /header/i, /line 1/i],
    ["an unknown ImageId", "ImageId,EncodedPixels\nimg-pub,1 2\nnot-an-image,1 1\n", /not-an-image/, /line 3/i],
    ["an odd number of RLE tokens", "ImageId,EncodedPixels\nimg-pub,1 2 3\n", /img-pub/, /line 2/i],
    ["a run past the end of the image", "ImageId,EncodedPixels\nimg-pub,15 5\n", /img-pub/, /line 2/i],
    ["overlapping objects", "ImageId,EncodedPixels\nimg-pub,1 3\nimg-pub,2 2\n", /overlap/i, /line 3/i],
  ])("should fail a submission with %s, saying where", async (_name, content, what, where) => {
    const s = await submitAndScore(content);
    expect(s.status).toBe("failed");
    expect(s.failureKind).toBe("rejected");
    expect(s.errorMessage).toMatch(what);
    expect(s.errorMessage).toMatch(where);
    // Never the hidden truth, a path or a stack trace.
    expect(s.errorMessage).not.toMatch(/\/tmp|\/var|blobs|at .*\.ts|Error:/);
    expect(s.errorMessage).not.toContain("5 4");
  });

  it("should score a valid submission with rows in any order", async () => {
    const s = await submitAndScore("ImageId,EncodedPixels\nimg-priv,5 4\nimg-pub,1 2\n");
    expect(s.status).toBe("scored");
    expect(s.publicScore).toBe(1);
  });

  it("should refuse an empty file", async () => {
    await expect(callerFor(user).submission.create(uploadStream(challenge.slug, ""))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/empty/),
    });
  });

  it("should refuse a file over the size limit and keep nothing", async () => {
    const before = await getPrisma().submission.count();
    const big = new Uint8Array(env.MAX_UPLOAD_BYTES + 10).fill(65);
    await expect(callerFor(user).submission.create(uploadStream(challenge.slug, big))).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/larger than the limit of 4 MiB/),
    });
    expect(await getPrisma().submission.count()).toBe(before);
    const dir = path.join(env.blobDir, "submissions");
    const temps = fs.existsSync(dir)
      ? fs.readdirSync(dir).flatMap((id) => fs.readdirSync(path.join(dir, id)).filter((f) => f.includes(".tmp-")))
      : [];
    expect(temps).toEqual([]);
  });

  it("should refuse a body that is not an upload frame", async () => {
    const stream = asOctetInput(new Blob(["ImageId,EncodedPixels\n"]).stream());
    await expect(callerFor(user).submission.create(stream)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("should refuse a header naming an unknown challenge or an unaccepted kind", async () => {
    const unknown = asOctetInput(new Blob([encodeUploadHeader({ challenge: "no-such-challenge", filename: "a.csv" }).buffer as ArrayBuffer, "x"]).stream());
    await expect(callerFor(user).submission.create(unknown)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const onnx = asOctetInput(new Blob([encodeUploadHeader({ challenge: challenge.slug, filename: "m.onnx", kind: "onnx_model" }).buffer as ArrayBuffer, "x"]).stream());
    await expect(callerFor(user).submission.create(onnx)).rejects.toThrow(/does not accept ONNX models/);
  });

  it("should refuse uploads before the phase opens", async () => {
    const later = await createChallenge({ startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000) });
    await expect(callerFor(user).submission.create(uploadStream(later.slug, "x"))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/opens on/),
    });
  });

  it("should fail cleanly, without losing the worker, when the scorer times out", async () => {
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, "ImageId,EncodedPixels\nimg-pub,1 2\n"));
    const outcome = await processSubmission(id, { workerId: "test", limits: { timeoutMs: 50, memoryMb: 256 } });
    expect(outcome).toBe("failed");
    const s = await callerFor(user).submission.byId({ id });
    expect(s.failureKind).toBe("error");
    expect(s.errorMessage).toMatch(/took longer than the limit/);
  });

  it("should fail cleanly when the scorer runs out of memory", async () => {
    // 1.5 million images in the hidden truth: the scorer's index of them cannot fit a 64 MiB heap.
    const rows = Array.from({ length: 1_500_000 }, (_, i) => `img${i},1 1,4,4,Public`);
    const hungry = await createChallenge({ truthCsv: `ImageId,EncodedPixels,Height,Width,Usage\n${rows.join("\n")}\n` });
    const content = "ImageId,EncodedPixels\nimg0,1 1\n";
    const { id } = await callerFor(user).submission.create(uploadStream(hungry.slug, content));
    const outcome = await processSubmission(id, { workerId: "test", limits: { timeoutMs: 120_000, memoryMb: 64 } });
    const s = await callerFor(user).submission.byId({ id });
    expect(outcome).toBe("failed");
    expect(s.failureKind).toBe("error");
    expect(s.errorMessage).toMatch(/ran out of memory \(limit 64 MiB\)/);
  });
});
