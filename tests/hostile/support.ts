// Shared checks of the hostile corpus: every case asserts the specific clear error, that
// nothing was stored (no row, no blob, no empty directory), that quota is unchanged, and
// that the platform still serves and scores afterwards.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { env } from "../../server/env";
import { getPrisma } from "../../server/db/client";
import { processSubmission } from "../../server/services/scoring/process-submission";
import type { SessionUser } from "../../server/contracts/common";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, uploadStream } from "../support/fixtures";

export interface StorageSnapshot {
  rows: Record<string, number>;
  /** Every file and directory under the blob store, relative to it. */
  blobPaths: string[];
}

function walk(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(entry.isDirectory() ? `${rel}/` : rel);
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
  }
  return out.sort();
}

export async function storageSnapshot(): Promise<StorageSnapshot> {
  const prisma = getPrisma();
  const [submissions, users, challenges, datasets, imports, tokens, transfers] = await Promise.all([
    prisma.submission.count(),
    prisma.user.count(),
    prisma.challenge.count(),
    prisma.dataset.count(),
    prisma.datasetImport.count(),
    prisma.apiToken.count(),
    prisma.transferEvaluation.count(),
  ]);
  return { rows: { submissions, users, challenges, datasets, imports, tokens, transfers }, blobPaths: walk(env.blobDir) };
}

/** Nothing new in the database or the blob store since `before` (no file, no empty directory). */
export async function expectNothingStored(before: StorageSnapshot): Promise<void> {
  const after = await storageSnapshot();
  expect(after.rows).toEqual(before.rows);
  expect(after.blobPaths.filter((p) => !before.blobPaths.includes(p))).toEqual([]);
}

/** What `user` has used of the challenge's current phase. */
export async function quotaUsed(user: SessionUser, slug: string): Promise<{ today: number; total: number }> {
  const quota = await callerFor(user).submission.quota({ slug });
  return { today: quota?.usedToday ?? 0, total: quota?.usedTotal ?? 0 };
}

/** The platform still takes and scores an ordinary submission (through the real sandbox). */
export async function expectStillScores(): Promise<void> {
  const user = await createUser();
  const challenge = await createChallenge();
  const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
  expect(await processSubmission(id, { workerId: "hostile-check" })).toBe("scored");
  expect((await callerFor(user).submission.byId({ id })).publicScore).toBe(1);
}
