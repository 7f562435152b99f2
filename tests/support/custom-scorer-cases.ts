// A small DSB-style world for custom scorer tests: 4 images of 6x6 (2 Public, 2 Private),
// prediction files, and the worked example's source (scorers/custom/examples/f-beta-at-iou.js).
import fs from "node:fs";
import path from "node:path";
import { getBlobStore } from "../../server/blob";
import { getPrisma } from "../../server/db/client";
import { callerFor, createChallenge, createUser, uploadStream } from "./fixtures";

export const EXAMPLE_SCORER_SOURCE = fs.readFileSync(path.join(import.meta.dirname, "../../scorers/custom/examples/f-beta-at-iou.js"), "utf8");

export const CUSTOM_TRUTH = [
  "ImageId,EncodedPixels,Height,Width,Usage",
  "a,1 3,6,6,Public",
  "a,13 4,6,6,Public",
  "b,7 5,6,6,Public",
  "c,2 4,6,6,Private",
  "c,20 6,6,6,Private",
  "d,30 3,6,6,Private",
  "",
].join("\n");

/** A good but imperfect file: one object missed, one false positive, one too small to match. */
export const SAMPLE_SUBMISSION = ["ImageId,EncodedPixels", "a,1 3", "a,13 4", "b,7 2", "c,2 4", "c,33 2", "d,30 3", ""].join("\n");
/** Another file, for the known answer. */
export const KNOWN_ANSWER_SUBMISSION = ["ImageId,EncodedPixels", "a,1 2", "b,7 5", "c,20 6", "d,1 1", ""].join("\n");
/** What a participant submits once the scorer is live. */
export const PARTICIPANT_SUBMISSION = ["ImageId,EncodedPixels", "a,1 3", "a,13 4", "b,7 5", "c,2 4", "c,20 5", "d,31 2", ""].join("\n");

/**
 * A challenge on this world hosted by a new host, with the sample submission as its public
 * download and KNOWN_ANSWER_SUBMISSION as a baseline's file (queued): a custom scorer's trial
 * cases, as on any challenge.
 */
export async function createTrialChallenge() {
  const host = await createUser("host");
  const challenge = await createChallenge({ truthCsv: CUSTOM_TRUTH, hostId: host.id });
  const sampleKey = `challenges/${challenge.slug}/sample_submission.csv`;
  await getBlobStore().put(sampleKey, SAMPLE_SUBMISSION);
  await getPrisma().challenge.update({ where: { id: challenge.id }, data: { sampleSubmissionKey: sampleKey } });
  const baseline = await callerFor(await createUser()).submission.create(uploadStream(challenge.slug, KNOWN_ANSWER_SUBMISSION, "baseline.csv"));
  await getPrisma().submission.update({ where: { id: baseline.id }, data: { isBaseline: true } });
  return { host, challenge, baselineId: baseline.id };
}
