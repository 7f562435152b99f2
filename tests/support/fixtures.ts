// Test fixtures written straight to the database and blob store.
import crypto from "node:crypto";
import { blobKeys, getBlobStore } from "../../server/blob";
import { getPrisma } from "../../server/db/client";
import { DATASET_IMPORT_QUEUE, getQueue, SCORING_QUEUE, TRANSFER_QUEUE } from "../../server/queue/scoring-queue";
import { createCaller } from "../../server/api/root";
import type { SessionUser } from "../../server/contracts/common";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { defaultRule } from "../../server/services/scoring-rule/rule-document";
import { builtInRuleMetric } from "../../server/services/scoring-rule/rule-metrics";

const HOUR = 3600 * 1000;

export async function createUser(role: SessionUser["role"] = "participant"): Promise<SessionUser> {
  const tag = crypto.randomBytes(4).toString("hex");
  return getPrisma().user.create({
    data: { email: `${role}-${tag}@example.org`, name: `${role} ${tag}`, role },
    select: { id: true, email: true, name: true, role: true },
  });
}

export function callerFor(user: SessionUser | null) {
  return createCaller({ session: user ? { user } : null, badToken: false });
}

/** 2 images: "img-pub" (Public) and "img-priv" (Private), 4x4, one object each. */
const TINY_TRUTH = [
  "ImageId,EncodedPixels,Height,Width,Usage",
  "img-pub,1 2,4,4,Public",
  "img-priv,5 4,4,4,Private",
  "",
].join("\n");

export async function createChallenge(options: {
  truthCsv?: string;
  startsAt?: Date;
  endsAt?: Date;
  dailyQuota?: number;
  totalQuota?: number;
  failedCountTowardsQuota?: boolean;
  hostId?: string;
} = {}) {
  const tag = crypto.randomBytes(4).toString("hex");
  const truthKey = blobKeys.truth(`ds-${tag}`);
  await getBlobStore().put(truthKey, options.truthCsv ?? TINY_TRUTH);
  const dataset = await getPrisma().dataset.create({
    data: { slug: `ds-${tag}`, name: "fixture", source: "fixture", truthKey },
    select: { id: true },
  });
  const now = Date.now();
  const challenge = await getPrisma().challenge.create({
    data: {
      slug: `challenge-${tag}`,
      title: `Challenge ${tag}`,
      summary: "fixture",
      overviewMd: "",
      dataMd: "",
      evaluationMd: "",
      rulesMd: "",
      taskType: "instance_segmentation",
      metricId: "dsb2018-map",
      scoringRule: builtInScoringRule("dsb2018-map"),
      submissionKinds: ["prediction_csv"],
      datasetId: dataset.id,
      phases: {
        create: [{
          name: "Stage 1",
          startsAt: options.startsAt ?? new Date(now - HOUR),
          endsAt: options.endsAt ?? new Date(now + 24 * HOUR),
          dailyQuota: options.dailyQuota ?? 5,
          totalQuota: options.totalQuota ?? 100,
          failedCountTowardsQuota: options.failedCountTowardsQuota ?? false,
        }],
      },
      hosts: options.hostId ? { create: [{ userId: options.hostId }] } : undefined,
    },
    select: { id: true, slug: true, phases: { select: { id: true } } },
  });
  return { id: challenge.id, slug: challenge.slug, phaseId: challenge.phases[0]!.id };
}

/**
 * The body of submission.create as the server procedure receives it (a stream). The declared
 * input type is the client side's (Blob); a server-side caller skips HTTP and passes the
 * stream straight to octetInputParser, hence the cast.
 */
export function asOctetInput(stream: ReadableStream<Uint8Array>): Blob {
  return stream as unknown as Blob;
}

export function uploadStream(challenge: string, content: string | Uint8Array, filename = "submission.csv"): Blob {
  const header = encodeUploadHeader({ challenge, filename, kind: "prediction_csv" });
  const body = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return asOctetInput(new Blob([header.buffer as ArrayBuffer, body.buffer as ArrayBuffer]).stream());
}

/** A challenge bundle (zip) as challenge.importBundle's body, optionally under another slug. */
export function bundleUpload(zip: Uint8Array, header: { filename?: string; slug?: string } = {}): Blob {
  const frame = encodeUploadHeader({ filename: "bundle.zip", ...header });
  return asOctetInput(new Blob([frame.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream());
}

/** An ONNX model as submission.create's body (see uploadStream). */
export function modelUploadStream(challenge: string, bytes: Uint8Array, filename = "model.onnx", phaseId?: string): Blob {
  const header = encodeUploadHeader({ challenge, filename, kind: "onnx_model", ...(phaseId ? { phaseId } : {}) });
  // Copies: protobuf writers hand out Node Buffers whose .buffer is a shared 8 KiB pool.
  return asOctetInput(new Blob([new Uint8Array(header), new Uint8Array(bytes)]).stream());
}

export const PERFECT_TINY_SUBMISSION = "ImageId,EncodedPixels\nimg-pub,1 2\nimg-priv,5 4\n";

/**
 * Worker processes take any pending job of the shared test database: rows other files left
 * queued on purpose (no worker there) or seeded with made-up blob keys (leaderboard-scale).
 * Files that start workers call this first, so their workers see only the jobs they make, as
 * on a fresh install.
 */
export async function settleOtherFilesJobs(): Promise<void> {
  const prisma = getPrisma();
  const pending = { status: { in: ["queued" as const, "running" as const] } };
  await prisma.submission.updateMany({ where: pending, data: { status: "cancelled", leaseOwner: null } });
  await prisma.transferEvaluation.updateMany({ where: pending, data: { status: "cancelled", leaseOwner: null } });
  await prisma.datasetImport.updateMany({ where: pending, data: { status: "cancelled", leaseOwner: null } });
  const boss = await getQueue("producer");
  for (const queue of [SCORING_QUEUE, TRANSFER_QUEUE, DATASET_IMPORT_QUEUE]) await boss.purgeQueue(queue);
}

/** The rule a challenge created through the service gets for a built-in metric (for rows made directly). */
export function builtInScoringRule(metricId: string, params: Record<string, unknown> = {}): object {
  const metric = builtInRuleMetric(metricId);
  if (!metric) throw new Error(`no built-in metric ${metricId}`);
  return defaultRule(metric, metric.paramsSchema.parse(params) as Record<string, unknown>);
}
